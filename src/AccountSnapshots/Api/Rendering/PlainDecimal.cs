namespace AccountSnapshots.Api;

/// <summary>Checks that an amount's digits can be written as they are as a JSON number.</summary>
internal static class PlainDecimal
{
    /// <summary>True for <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?</c>: the plain decimal form amounts are stored in.</summary>
    public static bool IsJsonNumber(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var span = value.AsSpan();
        if (span.Length > 0 && span[0] == '-')
        {
            span = span[1..];
        }

        var point = span.IndexOf('.');
        var integer = point < 0 ? span : span[..point];
        if (integer.Length == 0 || (integer.Length > 1 && integer[0] == '0') || integer.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        if (point < 0)
        {
            return true;
        }

        var fraction = span[(point + 1)..];
        return fraction.Length > 0 && !fraction.ContainsAnyExceptInRange('0', '9');
    }
}

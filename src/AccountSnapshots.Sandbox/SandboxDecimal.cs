using System.Globalization;
using System.Numerics;

namespace AccountSnapshots.Sandbox;

/// <summary>An exact running total of plain decimal strings (the sandbox's own, so it does not depend on the client code it tests).</summary>
internal sealed class SandboxDecimal
{
    private BigInteger _unscaled;
    private int _scale;

    public void Add(string plain)
    {
        var point = plain.IndexOf('.', StringComparison.Ordinal);
        var scale = point < 0 ? 0 : plain.Length - point - 1;
        var unscaled = BigInteger.Parse(point < 0 ? plain : string.Concat(plain.AsSpan(0, point), plain.AsSpan(point + 1)), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (scale > _scale)
        {
            _unscaled *= BigInteger.Pow(10, scale - _scale);
            _scale = scale;
        }
        else if (scale < _scale)
        {
            unscaled *= BigInteger.Pow(10, _scale - scale);
        }

        _unscaled += unscaled;
    }

    public override string ToString()
    {
        var digits = BigInteger.Abs(_unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(_scale + 1, '0');
        var sign = _unscaled.Sign < 0 ? "-" : "";
        return _scale == 0 ? sign + digits : $"{sign}{digits[..^_scale]}.{digits[^_scale..]}";
    }
}

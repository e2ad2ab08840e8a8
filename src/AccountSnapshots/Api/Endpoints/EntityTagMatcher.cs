using Microsoft.Extensions.Primitives;

namespace AccountSnapshots.Api;

/// <summary><c>If-None-Match</c> evaluation (RFC 9110 §13.1.2): weak comparison, lists and <c>*</c>.</summary>
internal static class EntityTagMatcher
{
    // Far more tags than any real client sends; a hostile header is not scanned without bound.
    private const int MaxTags = 64;

    /// <summary>True when any tag in the header values weakly matches <paramref name="eTag"/> (a quoted strong tag).</summary>
    public static bool IfNoneMatch(StringValues headerValues, string eTag)
    {
        var seen = 0;
        foreach (var header in headerValues)
        {
            if (header is null)
            {
                continue;
            }

            foreach (var range in header.AsSpan().Split(','))
            {
                if (++seen > MaxTags)
                {
                    return false;
                }

                var tag = header.AsSpan()[range].Trim();
                if (tag is "*")
                {
                    return true;
                }

                if (tag.StartsWith("W/", StringComparison.Ordinal))
                {
                    tag = tag[2..];
                }

                if (tag.SequenceEqual(eTag))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

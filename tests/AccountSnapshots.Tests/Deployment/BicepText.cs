using System.Text.RegularExpressions;

namespace AccountSnapshots.Tests.Deployment;

/// <summary>Reads declarations out of a Bicep file's text: no Bicep compiler runs here.</summary>
internal static partial class BicepText
{
    /// <summary>The body (braces included) of <c>module {symbol} '...' = ... {</c>.</summary>
    public static string Module(string text, string symbol) => Declaration(text, "module", symbol);

    /// <summary>The body (braces included) of <c>resource {symbol} '...' = ... {</c>, nested ones too.</summary>
    public static string Resource(string text, string symbol) => Declaration(text, "resource", symbol);

    /// <summary>The path of <c>module {symbol} '{path}'</c>.</summary>
    public static string ModulePath(string text, string symbol)
    {
        var match = Regex.Match(text, $@"^module {symbol} '([^']+)'", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        Assert.True(match.Success, $"No module {symbol}");
        return match.Groups[1].Value;
    }

    /// <summary>The value of the first <c>{key}: value</c> line in <paramref name="block"/>, trimmed.</summary>
    public static string Value(string block, string key)
    {
        var match = Regex.Match(block, $@"^\s*{key}:\s*(.+?)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        Assert.True(match.Success, $"No '{key}:' in\n{block}");
        return match.Groups[1].Value;
    }

    /// <summary>The expression of <c>var {name} = expression</c>.</summary>
    public static string Variable(string text, string name)
    {
        var match = Regex.Match(text, $@"^var {name} = (.+?)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        Assert.True(match.Success, $"No var {name}");
        return match.Groups[1].Value;
    }

    /// <summary>The first object (braces included) after <c>{key}:</c> in <paramref name="block"/>.</summary>
    public static string ObjectAfter(string block, string key)
    {
        var at = block.IndexOf(key + ":", StringComparison.Ordinal);
        Assert.True(at >= 0, $"No '{key}:' in\n{block}");
        return BalancedBraces(block, block.IndexOf('{', at));
    }

    /// <summary>The symbol a value such as <c>snapshotStorage.outputs.name</c> refers to.</summary>
    public static string Symbol(string value) => value.Split('.', '!')[0];

    /// <summary>The role definition GUID each <c>var name = 'guid'</c> in the file declares.</summary>
    public static Dictionary<string, string> RoleVariables(string text) =>
        RoleVariable().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.ToLowerInvariant(), StringComparer.Ordinal);

    /// <summary>The text from the brace at <paramref name="openAt"/> to its matching close, both included.</summary>
    public static string BalancedBraces(string text, int openAt)
    {
        var depth = 0;
        for (var i = openAt; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return text[openAt..(i + 1)];
            }
        }

        throw new InvalidOperationException("Unbalanced braces in a Bicep file");
    }

    private static string Declaration(string text, string keyword, string symbol)
    {
        var match = Regex.Match(text, $@"^\s*{keyword} {symbol} '[^']+'[^\n]*?\{{\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        Assert.True(match.Success, $"No {keyword} {symbol}");
        return BalancedBraces(text, text.LastIndexOf('{', match.Index + match.Length - 1));
    }

    [GeneratedRegex(@"^var (\w+) = '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})'", RegexOptions.Multiline)]
    private static partial Regex RoleVariable();
}

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AccountSnapshots.Cli.Commands;

/// <summary>Turns command options into the query a route parses, so a command accepts exactly what its route does.</summary>
internal static class CliQuery
{
    public static void Add(Dictionary<string, StringValues> query, string name, params string?[]? values)
    {
        if (values is { Length: > 0 } && values.Any(v => v is not null))
        {
            query[name] = values.Where(v => v is not null).ToArray();
        }
    }

    /// <summary>The query as the route's parser reads it from an HTTP request.</summary>
    public static HttpRequest Request(Dictionary<string, StringValues> query)
    {
        var context = new DefaultHttpContext();
        context.Request.Query = new QueryCollection(query);
        return context.Request;
    }

    // The route's messages name query parameters; on the command line they are options.
    public static string ToOptionNames(string problem) => problem
        .Replace("Query parameter '", "Option '--", StringComparison.Ordinal)
        .Replace("'from'", "'--from'", StringComparison.Ordinal)
        .Replace("'to'", "'--to'", StringComparison.Ordinal);
}

using System.CommandLine;

namespace AccountSnapshots.Cli.Commands;

/// <summary>Options several commands share.</summary>
internal static class SharedOptions
{
    public static Option<bool> Verbose() => new("--verbose", "-v")
    {
        Description = "Write detailed logs (our Debug events and the framework's Information events) to stderr.",
    };

    public static Option<string> Source() => CreateSource();

    /// <summary><c>--format table|json|csv</c> of the commands that print a route's rows.</summary>
    public static Option<string> RowsFormat()
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "table (for people), json (the API's root array) or csv.",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        return format;
    }

    public static Option<string> Urls(string defaultUrls) => new("--urls")
    {
        Description = "Where the HTTP API listens.",
        DefaultValueFactory = _ => defaultUrls,
        HelpName = "url",
    };

    private static Option<string> CreateSource()
    {
        var option = new Option<string>("--source", "-s")
        {
            Description = "Which source to snapshot.",
            DefaultValueFactory = _ => "all",
        };
        option.AcceptOnlyFromAmong("all", "conduit", "threecommas");
        return option;
    }

    /// <summary>Lets any command take configuration overrides such as <c>--Storage:Directory=/data</c>.</summary>
    public static T AllowSettings<T>(T command)
        where T : Command
    {
        command.TreatUnmatchedTokensAsErrors = false;
        return command;
    }
}

namespace AccountSnapshots.Cli.Commands;

/// <summary>
/// Prints a route's rows in the format asked: <c>json</c> (the API's root array and a newline), <c>csv</c> (the API's
/// CSV), or a table for people; the same for every command that prints rows.
/// </summary>
internal static class RowsOutput
{
    public static async Task WriteAsync(
        string format, Func<Stream, CancellationToken, Task> writeJson, Func<Stream, CancellationToken, Task> writeCsv, Action printTable, CancellationToken cancellationToken)
    {
        await using var stdout = Console.OpenStandardOutput();
        switch (format)
        {
            case "json":
                await writeJson(stdout, cancellationToken);
                await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken);
                break;
            case "csv":
                await writeCsv(stdout, cancellationToken);
                break;
            default:
                printTable();
                break;
        }
    }
}

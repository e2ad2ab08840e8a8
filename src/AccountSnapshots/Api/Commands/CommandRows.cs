namespace AccountSnapshots.Api.Commands;

/// <summary>The rows a command's query selected, or the route's 400 message when the query was refused.</summary>
/// <typeparam name="TRow">The row type.</typeparam>
/// <param name="Rows">The rows; empty when <paramref name="Problem"/> is set.</param>
/// <param name="Problem">The message the route would answer with a 400; null when the query was accepted.</param>
public sealed record CommandRows<TRow>(IReadOnlyList<TRow> Rows, string? Problem);

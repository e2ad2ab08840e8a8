namespace AccountSnapshots.Api;

/// <summary>An RFC 9457 problem document (<c>application/problem+json</c>), the body of every 4xx and 5xx.</summary>
internal sealed record ApiProblem(string Type, string Title, int Status, string? Detail);

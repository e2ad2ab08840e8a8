using Azure.Core;

namespace AccountSnapshots.Tests.Secrets;

/// <summary>Stands in for the identity platform, which cannot run here: always the same bearer token.</summary>
public sealed class FixedTokenCredential(string token) : TokenCredential
{
    private static readonly DateTimeOffset FarFuture = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(token, FarFuture);

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}

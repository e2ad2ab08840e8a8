namespace AccountSnapshots.Model;

/// <summary>Something that needs attention; <see cref="Kind"/> values are in <see cref="AlertKinds"/>.</summary>
public sealed record AlertRecord
{
    /// <summary><c>exchangeApiKeyInvalid</c>, <c>credentialsRejected</c> or <c>totalsMismatch</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Source name.</summary>
    public required string Source { get; init; }

    /// <summary>Account id (exchangeApiKeyInvalid).</summary>
    public string? AccountId { get; init; }

    /// <summary>Account name (exchangeApiKeyInvalid).</summary>
    public string? AccountName { get; init; }

    /// <summary>Exchange name (exchangeApiKeyInvalid).</summary>
    public string? Exchange { get; init; }

    /// <summary><c>api_keys_state</c> (exchangeApiKeyInvalid).</summary>
    public string? State { get; init; }

    /// <summary>HTTP status (credentialsRejected).</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Upstream error code (credentialsRejected).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Asset and network that disagree (totalsMismatch).</summary>
    public string? Asset { get; init; }

    /// <summary>Network (totalsMismatch).</summary>
    public string? Network { get; init; }

    /// <summary>Human-readable detail.</summary>
    public string? Message { get; init; }
}

namespace AccountSnapshots.Storage;

/// <summary>The precondition of a write.</summary>
public sealed record StoreCondition
{
    private StoreCondition(StoreConditionKind kind, string? eTag) => (Kind, ETag) = (kind, eTag);

    /// <summary>Which kind of precondition.</summary>
    public StoreConditionKind Kind { get; }

    /// <summary>The expected ETag for <see cref="StoreConditionKind.IfMatch"/>.</summary>
    public string? ETag { get; }

    /// <summary>Write unconditionally (last writer wins).</summary>
    public static StoreCondition None { get; } = new(StoreConditionKind.None, null);

    /// <summary>Create only; never overwrite (Blob <c>If-None-Match: *</c>, file create-new).</summary>
    public static StoreCondition IfAbsent { get; } = new(StoreConditionKind.IfAbsent, null);

    /// <summary>Replace only when the current version has this ETag (Blob <c>If-Match</c>).</summary>
    public static StoreCondition IfMatch(string eTag) => new(StoreConditionKind.IfMatch, eTag);
}

/// <summary>Kinds of <see cref="StoreCondition"/>.</summary>
public enum StoreConditionKind
{
    /// <summary>No precondition.</summary>
    None,

    /// <summary>The object must not exist.</summary>
    IfAbsent,

    /// <summary>The object must exist with the given ETag.</summary>
    IfMatch,
}

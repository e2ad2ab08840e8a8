using System.Text.Json.Serialization;

namespace AccountSnapshots.Api;

/// <summary>One source in <see cref="HealthDocument"/>; <see cref="AgeSeconds"/> is null when it never succeeded.</summary>
internal sealed record HealthSourceEntry(
    string Source,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? AgeSeconds);

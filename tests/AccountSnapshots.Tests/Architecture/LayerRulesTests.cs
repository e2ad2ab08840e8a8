using AccountSnapshots.Snapshots;
using NetArchTest.Rules;

namespace AccountSnapshots.Tests.Architecture;

/// <summary>
/// The core's folders depend one way: each may use only folders in lower layers (and its own). A new folder must be
/// placed in the table, so no folder escapes the rule. Checked on the compiled assembly (NetArchTest reads the IL), so
/// a using left in a comment does not count and a fully qualified name does.
/// </summary>
public sealed class LayerRulesTests
{
    private const string Core = "AccountSnapshots";

    // Lowest first. Data flows upstream clients → snapshot run → aggregation → serving; the run hands its documents to
    // Aggregation through ISnapshotPublisher (declared in Snapshots), so no arrow points back down the table.
    internal static readonly string[][] Layers =
    [
        ["Money", "Telemetry", "Concurrency"],
        ["Model"],
        ["Secrets"],
        ["Storage"],
        ["Upstream"],
        ["Conduit", "ThreeCommas"],
        ["Snapshots"],
        ["Aggregation"],
        ["Scheduling", "History"],
        ["Changes", "Events"],
        ["Api"],
    ];

    // The one JsonSerializerContext (house style) must name every serialised type, so it sits beside the layers: any
    // folder may use it, and it may name any folder's types. It holds no logic.
    private const string SerializationHub = "Serialization";

    public static TheoryData<string> Folders() => [.. Layers.SelectMany(l => l)];

    [Theory]
    [MemberData(nameof(Folders))]
    public void Folder_depends_only_on_lower_layers(string folder)
    {
        var forbidden = ForbiddenFor(folder).Select(f => $"{Core}.{f}").ToArray();

        var result = Types.InAssembly(typeof(SnapshotRunner).Assembly)
            .That().ResideInNamespace($"{Core}.{folder}")
            .ShouldNot().HaveDependencyOnAny(forbidden)
            .GetResult();

        Assert.True(result.IsSuccessful, $"{folder} must not use {string.Join(", ", forbidden)}; offending types: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Every_core_folder_has_a_layer()
    {
        var placed = Layers.SelectMany(l => l).Append(SerializationHub).ToHashSet(StringComparer.Ordinal);
        var folders = typeof(SnapshotRunner).Assembly.GetTypes()
            .Select(t => t.Namespace)
            .Where(ns => ns is not null && ns.StartsWith(Core + ".", StringComparison.Ordinal))
            .Select(ns => ns![(Core.Length + 1)..].Split('.')[0])
            .Distinct(StringComparer.Ordinal)
            .Where(f => !placed.Contains(f))
            .ToList();

        Assert.True(folders.Count == 0, $"Folders without a layer in {nameof(LayerRulesTests)}.{nameof(Layers)}: {string.Join(", ", folders)}");
    }

    [Fact]
    public void The_functions_app_uses_only_public_core_types()
    {
        var internals = typeof(SnapshotRunner).Assembly.GetTypes()
            .Where(t => !t.IsNested && !t.IsPublic && t.Namespace?.StartsWith(Core + ".", StringComparison.Ordinal) == true)
            .Select(t => t.FullName!)
            .ToArray();

        var result = Types.InAssembly(typeof(AccountSnapshots.Functions.FunctionsApp).Assembly)
            .ShouldNot().HaveDependencyOnAny(internals)
            .GetResult();

        Assert.True(result.IsSuccessful, $"The Functions app reaches into the core's internals: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    internal static IEnumerable<string> ForbiddenFor(string folder)
    {
        var layer = Array.FindIndex(Layers, l => l.Contains(folder, StringComparer.Ordinal));
        return Layers.Skip(layer).SelectMany(l => l).Where(f => f != folder);
    }
}

using System.Reflection;
using System.Runtime.CompilerServices;
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
        ["Money", "Telemetry", "Concurrency", "Settings"],
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

    // The hosts are thin composition roots: they reach the core only through its public registration
    // (AddAccountSnapshots, MapAccountSnapshotsApi), handlers (the Functions triggers' route handlers, Api.Commands for
    // the CLI's own commands) and the public records those hand back.
    public static TheoryData<string> Hosts() => [.. HostAssemblies.Keys];

    private static readonly Dictionary<string, Assembly> HostAssemblies = new(StringComparer.Ordinal)
    {
        ["Functions app"] = typeof(AccountSnapshots.Functions.FunctionsApp).Assembly,
        ["CLI"] = typeof(AccountSnapshots.Cli.Hosting.ServeHost).Assembly,
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Host_uses_only_public_core_types(string host)
    {
        var internals = typeof(SnapshotRunner).Assembly.GetTypes()
            .Where(t => !t.IsNested && !t.IsPublic && t.Namespace?.StartsWith(Core + ".", StringComparison.Ordinal) == true)
            .Select(t => t.FullName!)
            .ToArray();

        var result = Types.InAssembly(HostAssemblies[host])
            .ShouldNot().HaveDependencyOnAny(internals)
            .GetResult();

        Assert.True(result.IsSuccessful, $"The {host} reaches into the core's internals: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void The_core_opens_its_internals_to_no_host(string host)
    {
        var friends = typeof(SnapshotRunner).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName.Split(',')[0].Trim());

        Assert.DoesNotContain(HostAssemblies[host].GetName().Name, friends);
    }

    internal static IEnumerable<string> ForbiddenFor(string folder)
    {
        var layer = Array.FindIndex(Layers, l => l.Contains(folder, StringComparer.Ordinal));
        return Layers.Skip(layer).SelectMany(l => l).Where(f => f != folder);
    }
}

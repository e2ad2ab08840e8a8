using System.Text.Json.Nodes;
using AccountSnapshots.Api;
using AccountSnapshots.Api.Dashboard;
using AccountSnapshots.Api.OpenApi;
using AccountSnapshots.Tests.Functions;
using AccountSnapshots.Tests.FunctionsHost;
using Microsoft.OpenApi;

namespace AccountSnapshots.Tests.Api.OpenApi;

/// <summary>
/// The OpenAPI document in the repository (<c>src/AccountSnapshots/Api/OpenApi/openapi.json</c>, embedded and served
/// by both hosts) is a valid OpenAPI 3.1 document, describes exactly the routes both hosts map with the key rules
/// they apply, and its schemas are strict enough to catch a broken row.
/// </summary>
public sealed class OpenApiDocumentTests
{
    private static readonly string[] ServeRoutes =
    [
        AccountsApiEndpointRouteBuilderExtensions.LatestRoute,
        AccountsApiEndpointRouteBuilderExtensions.HistoryRoute,
        AccountsApiEndpointRouteBuilderExtensions.ChangesRoute,
        AccountsApiEndpointRouteBuilderExtensions.EventsRoute,
        AccountsApiEndpointRouteBuilderExtensions.HealthRoute,
        DashboardHandler.Route,
        OpenApiHandler.Route,
    ];

    [Fact]
    public void The_document_reads_as_OpenAPI_3_1_without_errors_and_passes_the_default_validation_rules()
    {
        var text = OpenApiContract.ReadEmbedded();

        var (document, diagnostic) = OpenApiDocument.Parse(text, "json");

        Assert.NotNull(document);
        Assert.Empty(diagnostic!.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);

        // The same reading of a copy that lost a required part (an operation's responses) reports it.
        var broken = JsonNode.Parse(text)!;
        broken["paths"]!["/api/health"]!["get"]!.AsObject().Remove("responses");
        var (_, brokenDiagnostic) = OpenApiDocument.Parse(broken.ToJsonString(), "json");
        Assert.NotEmpty(brokenDiagnostic!.Errors);
    }

    [Fact]
    public void Every_route_of_serve_and_of_the_Functions_app_is_documented_with_its_key_rule()
    {
        var functions = FunctionsMetadata.Read(Path.Combine(FunctionsWorkerBuild.Locate().Directory, "functions.metadata"))
            .Where(f => f.Value.Type == "httpTrigger")
            .ToDictionary(f => "/api/" + f.Value.Route, f => f.Key, StringComparer.Ordinal);
        var document = JsonNode.Parse(OpenApiContract.ReadEmbedded())!;
        var paths = document["paths"]!.AsObject();

        Assert.Equal(ServeRoutes.Order(StringComparer.Ordinal), paths.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(ServeRoutes.Order(StringComparer.Ordinal), functions.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, item) in paths)
        {
            var operation = Assert.Single(item!.AsObject());
            Assert.Equal("get", operation.Key); // HEAD is the same operation without a body (its description says so)
            Assert.Equal(functions[path], operation.Value!["operationId"]!.GetValue<string>());
            var anonymous = operation.Value["security"] is JsonArray { Count: 0 };
            var level = FunctionsMetadata.Read(Path.Combine(FunctionsWorkerBuild.Locate().Directory, "functions.metadata"))[functions[path]].AuthLevel;
            Assert.True(anonymous == (level == "Anonymous"), $"{path}: documented anonymous={anonymous}, the function's level is {level}");
            Assert.True(anonymous || operation.Value["responses"]!["401"] is not null, $"{path}: a keyed route must document its 401");
        }
    }

    [Fact]
    public void The_row_schemas_accept_a_real_row_and_reject_a_float_amount_an_exponent_a_missing_field_and_a_local_time()
    {
        var contract = OpenApiContract.Product;
        const string Row = """{"time":"2026-11-20T10:00:00Z","source":"conduit","clientId":null,"accountId":null,"name":null,"asset":"USDC","network":"ETH","amount":"0.0000016199672389633248","value":0.0000016199672389633248,"snapshotAt":"2026-11-20T10:00:00Z"}""";

        Assert.Empty(contract.CheckSchema("HistoryRow", Row));
        Assert.NotEmpty(contract.CheckSchema("HistoryRow", Row.Replace("\"amount\":\"0.0000016199672389633248\"", "\"amount\":1.5", StringComparison.Ordinal)));
        Assert.NotEmpty(contract.CheckSchema("HistoryRow", Row.Replace("\"0.0000016199672389633248\"", "\"1.6199672389633248e-06\"", StringComparison.Ordinal)));
        Assert.NotEmpty(contract.CheckSchema("HistoryRow", Row.Replace("\"clientId\":null,", "", StringComparison.Ordinal)));
        Assert.NotEmpty(contract.CheckSchema("HistoryRow", Row.Replace("\"time\":\"2026-11-20T10:00:00Z\"", "\"time\":\"2026-11-20T10:00:00+01:00\"", StringComparison.Ordinal)));
        Assert.NotEmpty(contract.CheckSchema("HistoryRow", Row.Replace("\"time\":\"2026-11-20T10:00:00Z\"", "\"time\":\"yesterdayZ\"", StringComparison.Ordinal)));
        Assert.NotEmpty(contract.CheckSchema("Aggregate", """{"schemaVersion":2,"generatedAt":"2026-11-20T10:00:00Z","sources":[],"accounts":[],"totals":[],"alerts":[]}"""));
    }
}

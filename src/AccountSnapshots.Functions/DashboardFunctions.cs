using System.Threading.Tasks;
using AccountSnapshots.Api.Dashboard;
using AccountSnapshots.Api.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AccountSnapshots.Functions;

/// <summary>
/// The status page (Function level: the page reads the keyed routes with the key it was opened with) and the OpenAPI
/// document (anonymous: nothing in it is secret). The core handlers write the whole response, as <c>serve</c> does.
/// </summary>
public sealed class DashboardFunctions(DashboardHandler dashboard, OpenApiHandler openApi)
{
    [Function("GetDashboard")]
    public async Task<IActionResult> GetDashboardAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", "head", Route = "dashboard")] HttpRequest request)
    {
        await dashboard.HandleDashboardAsync(request.HttpContext);
        return new EmptyResult();
    }

    [Function("GetOpenApi")]
    public async Task<IActionResult> GetOpenApiAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "openapi.json")] HttpRequest request)
    {
        await openApi.HandleOpenApiAsync(request.HttpContext);
        return new EmptyResult();
    }
}

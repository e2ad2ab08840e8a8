using System.Threading.Tasks;
using AccountSnapshots.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AccountSnapshots.Functions;

/// <summary>
/// The dashboard API. The Functions host checks the function key (AuthorizationLevel.Function); the core handler
/// writes the whole response (ETag, 304, CSV, filters, problem+json), exactly as the CLI's serve does.
/// </summary>
public sealed class AccountsApiFunctions(AccountsApiHandler handler, AccountsHistoryHandler history, ChangesHandler changes, EventsHandler events)
{
    [Function("GetLatestAccounts")]
    public async Task<IActionResult> GetLatestAccountsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", "head", Route = "accounts/latest")] HttpRequest request)
    {
        await handler.HandleLatestAsync(request.HttpContext);
        return new EmptyResult();
    }

    [Function("GetAccountsHistory")]
    public async Task<IActionResult> GetAccountsHistoryAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", "head", Route = "accounts/history")] HttpRequest request)
    {
        await history.HandleHistoryAsync(request.HttpContext);
        return new EmptyResult();
    }

    [Function("GetAccountsChanges")]
    public async Task<IActionResult> GetAccountsChangesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", "head", Route = "accounts/changes")] HttpRequest request)
    {
        await changes.HandleChangesAsync(request.HttpContext);
        return new EmptyResult();
    }

    [Function("GetEvents")]
    public async Task<IActionResult> GetEventsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", "head", Route = "events")] HttpRequest request)
    {
        await events.HandleEventsAsync(request.HttpContext);
        return new EmptyResult();
    }

    [Function("GetHealth")]
    public async Task<IActionResult> GetHealthAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "health")] HttpRequest request)
    {
        await handler.HandleHealthAsync(request.HttpContext);
        return new EmptyResult();
    }
}

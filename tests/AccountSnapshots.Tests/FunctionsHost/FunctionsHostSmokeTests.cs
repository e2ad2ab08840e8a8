namespace AccountSnapshots.Tests.FunctionsHost;

public sealed class FunctionsHostSmokeTests(FunctionsHostFixture fixture) : IClassFixture<FunctionsHostFixture>
{
    [Fact]
    public async Task Smoke()
    {
        var host = fixture.Host;
        var timer = await host.InvokeTimerAsync("ThreeCommasSnapshot", false, CancellationToken.None);
        var http = await host.SendAsync(HttpMethod.Get, "/api/accounts/latest?code=" + host.FunctionKey, null, CancellationToken.None);
        await Task.Delay(2000);
        Assert.Fail($"timer: {timer.Response}\nhttp: {http.StatusCode} {System.Text.Encoding.UTF8.GetString(http.Body)[..Math.Min(300, http.Body.Length)]}\n{http.Invocation}\ncaps: {string.Join(",", host.WorkerCapabilities)}\nlogs: {host.Logs.Count}\n{string.Join("\n", host.Logs.Take(40).Select(l => $"{l.Level} {l.Category} {l.EventId} {l.Message}"))}\nenvelopes: {fixture.Ingestion.Envelopes.Count}\n{string.Join("\n", fixture.Ingestion.Bodies.Take(3))}\nother: {string.Join(",", fixture.Ingestion.OtherRequests)}\nunexpected: {string.Join(",", host.UnexpectedMessages)}\noutput:\n{host.WorkerOutput}");
    }
}

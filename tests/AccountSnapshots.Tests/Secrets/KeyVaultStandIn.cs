using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Tests.Secrets;

/// <summary>
/// The Key Vault secrets REST API at the HTTP level (GET /secrets/{name}[/{version}], the bearer challenge, the error
/// shapes), over HTTPS on 127.0.0.1 so the real <see cref="SecretClient"/> talks to it unchanged.
/// </summary>
public sealed class KeyVaultStandIn : IAsyncDisposable
{
    public const string Token = "stand-in-access-token";
    public const string TenantId = "00000000-0000-0000-0000-00000000a11c";

    private readonly ConcurrentDictionary<string, List<(string Version, string Value)>> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _forbidden = new(StringComparer.OrdinalIgnoreCase);
    private readonly X509Certificate2 _certificate;
    private WebApplication? _app;

    private KeyVaultStandIn(X509Certificate2 certificate) => _certificate = certificate;

    /// <summary>The vault URI to configure, <c>https://127.0.0.1:{port}/</c>.</summary>
    public Uri VaultUri { get; private set; } = null!;

    /// <summary>How long each secret response waits before answering (lets concurrent readers overlap).</summary>
    public TimeSpan ResponseDelay { get; set; }

    public static async Task<KeyVaultStandIn> StartAsync()
    {
        var standIn = new KeyVaultStandIn(CreateCertificate());
        await standIn.StartServerAsync();
        return standIn;
    }

    /// <summary>Adds a new current version of a secret (the first, or a rotation) and returns its version id.</summary>
    public string SetSecret(string name, string value)
    {
        var version = Guid.NewGuid().ToString("N");
        var versions = _secrets.GetOrAdd(name, _ => []);
        lock (versions)
        {
            versions.Add((version, value));
        }

        return version;
    }

    /// <summary>Answers 403 for this secret (identity lacks the role) until <see cref="Allow"/>.</summary>
    public void Forbid(string name) => _forbidden[name] = true;

    public void Allow(string name) => _forbidden.TryRemove(name, out _);

    /// <summary>Every request that named this secret, the unauthenticated challenge round included.</summary>
    public int RequestCount(string name) => _requests.TryGetValue(name, out var count) ? count : 0;

    /// <summary>A real <see cref="SecretClient"/> for this vault: trusts only the stand-in's certificate, a fixed token, one quick retry.</summary>
    public SecretClient CreateClient()
    {
        var handler = new SocketsHttpHandler();
        var thumbprint = _certificate.GetCertHashString();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString() == thumbprint;
        var options = new SecretClientOptions
        {
            Transport = new HttpClientTransport(new HttpClient(handler)),
            // The challenge names https://vault.azure.net while we are 127.0.0.1.
            DisableChallengeResourceVerification = true,
        };
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return new SecretClient(VaultUri, new FixedTokenCredential(Token), options);
    }

    /// <summary>Stops listening: the vault is down.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _certificate.Dispose();
    }

    private async Task StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(_certificate)));
        var app = builder.Build();
        app.MapGet("/secrets/{name}/{version?}", HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        VaultUri = new Uri(address.TrimEnd('/') + "/");
        _app = app;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var version = context.Request.RouteValues["version"] as string;
        _requests.AddOrUpdate(name, 1, (_, count) => count + 1);

        if (!context.Request.Query.ContainsKey("api-version"))
        {
            await WriteErrorAsync(context, HttpStatusCode.BadRequest, "MissingApiVersionParameter", "The api-version query parameter is required.");
            return;
        }

        if (context.Request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate =
                $"Bearer authorization=\"https://login.microsoftonline.com/{TenantId}\", resource=\"https://vault.azure.net\"";
            await WriteErrorAsync(context, HttpStatusCode.Unauthorized, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
            return;
        }

        if (ResponseDelay > TimeSpan.Zero)
        {
            await Task.Delay(ResponseDelay, context.RequestAborted);
        }

        if (_forbidden.ContainsKey(name))
        {
            await WriteErrorAsync(context, HttpStatusCode.Forbidden, "Forbidden",
                $"Caller is not authorized to perform action on resource. Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action' Resource: 'secrets/{name}'");
            return;
        }

        (string Version, string Value)? found = null;
        if (_secrets.TryGetValue(name, out var versions))
        {
            lock (versions)
            {
                found = version is null ? versions[^1] : versions.FirstOrDefault(v => v.Version == version) is { Version: not null } match ? match : null;
            }
        }

        if (found is not { } secret)
        {
            await WriteErrorAsync(context, HttpStatusCode.NotFound, "SecretNotFound",
                $"A secret with (name/id) {name}{(version is null ? "" : "/" + version)} was not found in this key vault.");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("value", secret.Value);
        writer.WriteString("id", $"{VaultUri}secrets/{name}/{secret.Version}");
        writer.WriteStartObject("attributes");
        writer.WriteBoolean("enabled", true);
        writer.WriteNumber("created", 1767225600);
        writer.WriteNumber("updated", 1767225600);
        writer.WriteString("recoveryLevel", "Recoverable+Purgeable");
        writer.WriteNumber("recoverableDays", 90);
        writer.WriteEndObject();
        writer.WriteStartObject("tags");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static async Task WriteErrorAsync(HttpContext context, HttpStatusCode status, string code, string message)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("code", code);
        writer.WriteString("message", message);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        // Re-imported so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }
}

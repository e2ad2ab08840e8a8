using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using AccountSnapshots.Api;
using Microsoft.Extensions.DependencyInjection;

namespace AccountSnapshots.Tests.Api;

/// <summary>
/// Precompressed representations of <c>/api/accounts/latest</c>: gzip and Brotli chosen from Accept-Encoding, each
/// with its own strong ETag and 304 across them, identity still served, and renderings (CSV, filters) built once per
/// aggregate version rather than per request.
/// </summary>
public sealed class AggregateEncodingTests
{
    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("*", "br")]
    public async Task Serves_the_encoding_the_client_prefers_and_it_decodes_to_the_stored_bytes(string acceptEncoding, string expected)
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());
        var stored = TestAggregates.ToStoredBytes(TestAggregates.Sample());

        using var response = await host.SendAsync("/api/accounts/latest", configure: r => r.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([expected], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var encoded = await response.Content.ReadAsByteArrayAsync();
        Assert.True(encoded.Length < stored.Length);
        Assert.Equal(stored, Decode(encoded, expected));
        Assert.NotEqual(AggregateSnapshot.ComputeETag(stored), response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Identity_stays_the_stored_bytes_with_the_stored_ETag()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());
        var stored = TestAggregates.ToStoredBytes(TestAggregates.Sample());

        using var plain = await host.SendAsync("/api/accounts/latest");
        using var refused = await host.SendAsync("/api/accounts/latest", configure: r => r.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip;q=0, br;q=0"));

        foreach (var response in new[] { plain, refused })
        {
            Assert.Empty(response.Content.Headers.ContentEncoding);
            Assert.Equal(stored, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(AggregateSnapshot.ComputeETag(stored), response.Headers.ETag!.Tag);
        }
    }

    [Fact]
    public async Task A_validator_of_any_representation_answers_304()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());
        using var gzip = await host.SendAsync("/api/accounts/latest", configure: r => r.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip"));
        using var identity = await host.SendAsync("/api/accounts/latest");

        using var sameEncoding = await host.SendAsync("/api/accounts/latest", configure: r =>
        {
            r.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
            r.Headers.IfNoneMatch.Add(gzip.Headers.ETag!);
        });
        using var otherEncoding = await host.SendAsync("/api/accounts/latest", configure: r =>
        {
            r.Headers.TryAddWithoutValidation("Accept-Encoding", "br");
            r.Headers.IfNoneMatch.Add(identity.Headers.ETag!);
        });
        using var stale = await host.SendAsync("/api/accounts/latest", configure: r =>
        {
            r.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
            r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0123456789abcdef0123456789abcdef-gzip\""));
        });

        Assert.Equal(HttpStatusCode.NotModified, sameEncoding.StatusCode);
        Assert.Equal(gzip.Headers.ETag, sameEncoding.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, otherEncoding.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
    }

    [Fact]
    public async Task CSV_and_filtered_renderings_are_built_once_per_aggregate_version()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());
        var handler = host.App.Services.GetRequiredService<AccountsApiHandler>();

        using var firstCsv = await host.SendAsync("/api/accounts/latest?format=csv", configure: r => r.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip"));
        using var secondCsv = await host.SendAsync("/api/accounts/latest?format=csv");
        using var filtered = await host.SendAsync("/api/accounts/latest?source=conduit");
        using var filteredAgain = await host.SendAsync("/api/accounts/latest?source=conduit");

        Assert.Equal(2, handler.CachedRenderings);
        Assert.Equal(await BodyAsync(firstCsv), await secondCsv.Content.ReadAsByteArrayAsync());
        Assert.Equal(await filtered.Content.ReadAsByteArrayAsync(), await filteredAgain.Content.ReadAsByteArrayAsync());
        Assert.Equal(filtered.Headers.ETag, filteredAgain.Headers.ETag);

        // A new aggregate version starts an empty set: nothing rendered from the old one is served for it.
        var changed = TestAggregates.Sample() with { GeneratedAt = TestAggregates.Sample().GeneratedAt.AddMinutes(1) };
        await host.StoreAsync(changed);
        host.Time.Advance(TimeSpan.FromMinutes(1));
        using var afterChange = await host.SendAsync("/api/accounts/latest?format=csv");
        Assert.Equal(HttpStatusCode.OK, afterChange.StatusCode);
        Assert.Equal(1, handler.CachedRenderings);
    }

    [Fact]
    public async Task Every_answer_varies_on_Accept_Encoding_identity_and_304_included()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());

        // A shared cache that stored the identity answer must not hand it to a client that asked for gzip, and back.
        using var identity = await host.SendAsync("/api/accounts/latest");
        using var notModified = await host.SendAsync("/api/accounts/latest", configure: r =>
        {
            r.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
            r.Headers.IfNoneMatch.Add(identity.Headers.ETag!);
        });

        Assert.Equal(HttpStatusCode.OK, identity.StatusCode);
        Assert.Contains("Accept-Encoding", identity.Headers.Vary);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Contains("Accept-Encoding", notModified.Headers.Vary);
    }

    [Fact]
    public async Task Each_representation_has_its_own_strong_ETag()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());

        var tags = new List<EntityTagHeaderValue>();
        foreach (var encoding in new[] { "identity", "gzip", "br" })
        {
            using var response = await host.SendAsync("/api/accounts/latest", configure: r => r.Headers.TryAddWithoutValidation("Accept-Encoding", encoding));
            tags.Add(response.Headers.ETag!);
        }

        Assert.All(tags, t => Assert.False(t.IsWeak));
        Assert.Equal(3, tags.Select(t => t.Tag).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void An_encoding_is_compressed_once_and_then_reused()
    {
        var content = TestAggregates.ToStoredBytes(TestAggregates.Sample());
        var rendering = new AggregateRendering(content, AggregateSnapshot.ComputeETag(content));

        Assert.Same(rendering.Select("gzip"), rendering.Select("gzip"));
        Assert.Same(rendering.Select("br"), rendering.Select("br"));
        Assert.Same(rendering.Identity, rendering.Select(null));
        Assert.Equal("gzip", rendering.Select("gzip").ContentEncoding);
    }

    [Fact]
    public async Task Renderings_kept_per_version_are_bounded_and_queries_past_the_bound_are_still_answered()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.StoreAsync(TestAggregates.Sample());
        var handler = host.App.Services.GetRequiredService<AccountsApiHandler>();

        // Each asset code is a distinct query, so a client can ask for any number of them.
        for (var i = 0; i < AggregateRenderingCache.MaxEntries + 5; i++)
        {
            using var response = await host.SendAsync($"/api/accounts/latest?asset=X{i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(AggregateRenderingCache.MaxEntries, handler.CachedRenderings);
        using var past = await host.SendAsync("/api/accounts/latest?source=conduit");
        using var pastAgain = await host.SendAsync("/api/accounts/latest?source=conduit");
        Assert.Equal(HttpStatusCode.OK, past.StatusCode);
        Assert.Equal(await past.Content.ReadAsByteArrayAsync(), await pastAgain.Content.ReadAsByteArrayAsync());
        Assert.Equal(past.Headers.ETag, pastAgain.Headers.ETag);
        Assert.Equal(AggregateRenderingCache.MaxEntries, handler.CachedRenderings);
    }

    private static async Task<byte[]> BodyAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return response.Content.Headers.ContentEncoding.SingleOrDefault() is { } encoding ? Decode(bytes, encoding) : bytes;
    }

    private static byte[] Decode(byte[] encoded, string encoding)
    {
        using var input = new MemoryStream(encoded);
        using Stream decoder = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }
}

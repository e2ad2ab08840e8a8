using System.Text;
using System.Text.Json;
using AccountSnapshots.Model;
using AccountSnapshots.Serialization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Snapshots;

/// <summary>
/// The stored document is a contract: the run writes the raw pages straight into the stream (no copy of each body
/// through the serializer), and the bytes must be exactly what serialising the whole document through the core's
/// context (with <see cref="RawPagesJsonConverter"/>) gives.
/// </summary>
public sealed class SnapshotDocumentSerializerTests
{
    private static readonly DateTimeOffset s_slot = new(2026, 11, 21, 6, 15, 0, TimeSpan.Zero);

    public static TheoryData<string> PageSets() => new(["none", "json", "jsonWithWhitespace", "nonJson", "mixed", "escapes"]);

    [Theory]
    [MemberData(nameof(PageSets))]
    public async Task The_written_document_is_byte_for_byte_the_serializer_output(string pageSet)
    {
        var document = Document(Pages(pageSet));

        var written = await SerializeAsync(document);

        var expected = JsonSerializer.SerializeToUtf8Bytes(document, AccountSnapshotsJsonContext.Default.SnapshotDocument);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(written));
        Assert.Equal(expected, written);
    }

    [Fact]
    public async Task A_failed_run_without_accounts_is_written_as_the_serializer_writes_it()
    {
        var document = Document(Pages("nonJson")) with
        {
            Status = SnapshotDocument.StatusFailed,
            Error = new SourceError(UpstreamErrorKind.Unavailable, "conduit: unavailable (HTTP 503)", 503),
            Accounts = [],
        };

        var written = await SerializeAsync(document);

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(document, AccountSnapshotsJsonContext.Default.SnapshotDocument), written);
    }

    [Fact]
    public async Task The_document_reads_back_with_its_typed_part()
    {
        var document = Document(Pages("mixed"));

        var read = SnapshotDocumentSerializer.Read(await SerializeAsync(document));

        Assert.NotNull(read);
        Assert.Equal(document.Accounts.Select(a => (a.Id, a.Name, a.Balances![0].Amount)), read.Accounts.Select(a => (a.Id, a.Name, a.Balances![0].Amount)));
        Assert.Empty(read.Raw);
    }

    [Theory]
    [InlineData("{\"data\":[1,2")]
    [InlineData("{} {}")]
    [InlineData("")]
    public async Task A_page_marked_json_that_is_not_one_json_value_is_refused_like_the_serializer_refuses_it(string body)
    {
        var document = Document([Page(body, isJson: true)]);

        var expected = Record.Exception(() => JsonSerializer.SerializeToUtf8Bytes(document, AccountSnapshotsJsonContext.Default.SnapshotDocument));
        var actual = await Record.ExceptionAsync(() => SerializeAsync(document));

        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.True(expected is JsonException == actual is JsonException && expected is ArgumentException == actual is ArgumentException, $"{expected.GetType()} vs {actual.GetType()}");
    }

    private static async Task<byte[]> SerializeAsync(SnapshotDocument document)
    {
        await using var stream = await SnapshotDocumentSerializer.SerializeAsync(document, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static List<RawPage> Pages(string set) => set switch
    {
        "none" => [],
        "json" => [Page("{\"data\":[{\"id\":\"client_1\",\"amount\":12.50000000000000000001}],\"totalBalances\":{}}", isJson: true)],
        "jsonWithWhitespace" => [Page("\n  { \"data\" : [ 1.0e3 , -0.000 ],\r\n \"x\":\"caf\u00e9 \\u00e9 \\\"q\\\"\" }\n\n", isJson: true)],
        "nonJson" => [Page("<html>Bad \"gateway\" & caf\u00e9 \u0001</html>", isJson: false)],
        "mixed" =>
        [
            Page("{\"accounts\":[]}", isJson: true, correlationId: null, contentType: null),
            Page("rate limited\n", isJson: false, correlationId: "corr-2", contentType: "text/plain"),
            Page("[true,false,null]", isJson: true),
        ],
        "escapes" =>
        [
            Page("{\"a\":\"<script>&'\"}", isJson: true, request: "/public/api/ver1/accounts?page=1&per_page=100", correlationId: "<id>&\"x\"", contentType: "application/problem+json"),
            new RawPage
            {
                Request = "/clients/accounts",
                HttpStatus = 502,
                Sha256 = new string('0', 64),
                Length = 3,
                Body = new byte[] { 0xff, 0xfe, (byte)'a' },
                IsJson = false,
            },
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(set)),
    };

    private static RawPage Page(string body, bool isJson, string request = "/clients/accounts", string? correlationId = "corr-1", string? contentType = "application/json") => new()
    {
        Request = request,
        HttpStatus = 200,
        CorrelationId = correlationId,
        ContentType = contentType,
        Sha256 = new string('a', 64),
        Length = Encoding.UTF8.GetByteCount(body),
        Body = Encoding.UTF8.GetBytes(body),
        IsJson = isJson,
    };

    private static SnapshotDocument Document(IReadOnlyList<RawPage> raw) => new()
    {
        Source = SourceNames.Conduit,
        Slot = s_slot,
        Trigger = "schedule",
        StartedAt = s_slot,
        CompletedAt = s_slot.AddSeconds(2),
        Status = SnapshotDocument.StatusOk,
        Accounts =
        [
            new AccountRecord { Source = SourceNames.Conduit, Id = "acct_1", ClientId = "client_1", Name = "Caf\u00e9 \"Ltd\"", Balances = [new BalanceRecord("USDC", "ethereum", "12.500000000000000000001")] },
            new AccountRecord { Source = SourceNames.Conduit, Id = "acct_2", ClientId = "client_2", Balances = [new BalanceRecord("USD", null, "0")] },
        ],
        Totals = [],
        Requests = 1,
        CorrelationIds = ["corr-1"],
        SecretVersions = new Dictionary<string, string?> { ["ConduitApiKey"] = null },
        Raw = raw,
    };
}

using System.Text;
using AccountSnapshots.Events;

namespace AccountSnapshots.Api;

/// <summary>Writes events as RFC 4180 CSV (UTF-8 without BOM, CRLF) with the JSON's columns; the header even when empty.</summary>
internal static class EventsCsvWriter
{
    /// <summary>The header row (a contract with dashboards).</summary>
    public const string Header = "time,timeEnd,kind,source,accountId,title,text,tags,exchange,state,errorKind,httpStatus";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static byte[] Write(IReadOnlyList<EventRow> rows)
    {
        var text = new StringBuilder(Header.Length + 2 + (rows.Count * 200));
        text.Append(Header).Append("\r\n");
        foreach (var row in rows)
        {
            var fields = EventsJsonWriter.Fields(row);
            for (var i = 0; i < fields.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                CsvFieldWriter.Append(text, fields[i]);
            }

            text.Append("\r\n");
        }

        return Utf8NoBom.GetBytes(text.ToString());
    }
}

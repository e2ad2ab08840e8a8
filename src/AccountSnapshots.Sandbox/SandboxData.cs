using System.Text;

namespace AccountSnapshots.Sandbox;

/// <summary>Deterministic pseudo-random building blocks for the generated data.</summary>
internal static class SandboxData
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static Random RandomFor(int seed, int salt, int index) => new(unchecked((seed * 7919) + (salt * 104729) + (index * 31)));

    public static string Alnum(Random random, int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(Alphanumeric[random.Next(Alphanumeric.Length)]);
        }

        return builder.ToString();
    }

    public static string Digits(Random random, int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append((char)('0' + random.Next(10)));
        }

        return builder.ToString();
    }

    /// <summary>A non-negative plain decimal with exactly <paramref name="scale"/> fraction digits.</summary>
    public static string Amount(Random random, int scale, int maxInteger = 250_000)
    {
        var integer = random.Next(maxInteger).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return scale == 0 ? integer : $"{integer}.{Digits(random, scale)}";
    }
}

using AccountSnapshots.Money;

namespace AccountSnapshots.Tests.Money;

public sealed class ExactDecimalTests
{
    [Theory]
    [InlineData("1.6199672389633248e-06", "0.0000016199672389633248")]
    [InlineData("-3.30980633289966e-05", "-0.0000330980633289966")]
    [InlineData("-1.1e-19", "-0.00000000000000000011")]
    [InlineData("4.7955955846052631578947368421052879749422e-04", "0.00047955955846052631578947368421052879749422")]
    [InlineData("1.5E3", "1500")]
    [InlineData("2.50e+1", "25.0")]
    [InlineData("12e0", "12")]
    public void Normalizes_exponent_forms_to_plain_decimals_with_the_same_digits(string raw, string expected)
    {
        Assert.True(ExactDecimal.TryNormalize(raw, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("1000.000000")]
    [InlineData("0")]
    [InlineData("1400.00")]
    [InlineData("29.157221154400000000000000000000150887648576")]
    [InlineData("0.00047955955846052631578947368421052879749422")]
    [InlineData("-0.000004031634868039786596225955581137869169682309539066")]
    [InlineData("-0.05357667685386205")]
    [InlineData("123456789012345678901234567890123456789.123456789012345678901234567890123456789")]
    public void Keeps_plain_decimals_exactly_as_received(string raw)
    {
        Assert.True(ExactDecimal.TryNormalize(raw, out var normalized));
        Assert.Equal(raw, normalized);
    }

    [Theory]
    [InlineData("007.50", "7.50")]
    [InlineData("+5", "5")]
    [InlineData("-0.00", "0.00")]
    [InlineData(".5", "0.5")]
    public void Drops_only_redundant_signs_and_leading_zeros(string raw, string expected)
    {
        Assert.True(ExactDecimal.TryNormalize(raw, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("NaN")]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("-")]
    [InlineData("1e")]
    [InlineData("1.2.3")]
    [InlineData("0x10")]
    [InlineData("1,000.00")]
    [InlineData("1e999999999")]
    public void Refuses_text_that_is_not_a_number(string raw)
    {
        Assert.False(ExactDecimal.TryNormalize(raw, out _));
    }

    [Fact]
    public void Normalizes_utf8_json_number_tokens_without_a_double()
    {
        Assert.True(ExactDecimal.TryNormalize("0.1063549606782962"u8, out var normalized));
        Assert.Equal("0.1063549606782962", normalized);
    }

    [Fact]
    public void Sums_exactly_and_keeps_the_largest_scale()
    {
        Assert.Equal("0.3", ExactDecimal.Sum(["0.1", "0.2"]));
        Assert.Equal("1001.500000", ExactDecimal.Sum(["1000.000000", "1.5"]));
        Assert.Equal("0", ExactDecimal.Sum([]));
        Assert.Equal("-0.5", ExactDecimal.Sum(["1", "-1.5"]));
        Assert.Equal(
            "62.26318893767379619923123521178676531705015282200204",
            ExactDecimal.Sum(["29.157221154400000000000000000000150887648576", "33.10596778327379619923123521178661442940157682200204"]));
    }

    [Fact]
    public void Sum_refuses_values_that_are_not_plain_decimals()
    {
        Assert.Throws<FormatException>(() => ExactDecimal.Sum(["1e-3"]));
        Assert.Throws<FormatException>(() => ExactDecimal.Sum(["Infinity"]));
    }

    [Theory]
    [InlineData("1.50", "1.5", 0)]
    [InlineData("-1", "0.0001", -1)]
    [InlineData("10", "9.99999999999999999999999999999999999999999999", 1)]
    [InlineData("0.00", "0", 0)]
    public void Compares_numerically(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(ExactDecimal.Compare(a, b)));
    }
}

using System.Globalization;
using Portal.Localization;

namespace Portal.Tests.Localization;

/// A number typed in either UI language is read as the person meant it or refused; never a hundred times off.
public sealed class NumberInputTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de");

    [Theory]
    [InlineData("en", "8.90", 8.90)]
    [InlineData("en", "8,90", 8.90)]
    [InlineData("de", "8,90", 8.90)]
    [InlineData("de", "8.90", 8.90)]
    [InlineData("en", "4,5", 4.5)]
    [InlineData("de", "4.5", 4.5)]
    [InlineData("en", "19,0", 19.0)]
    [InlineData("en", "1,234.50", 1234.50)]
    [InlineData("de", "1.234,50", 1234.50)]
    [InlineData("en", "1.234,50", 1234.50)]
    [InlineData("de", "1,234.50", 1234.50)]
    [InlineData("en", "60,000", 60000)]
    [InlineData("de", "12.500", 12500)]
    [InlineData("de", "12.500,50 €", 12500.50)]
    [InlineData("en", "€ 7", 7)]
    [InlineData("en", "1,234,567", 1234567)]
    [InlineData("de", "1,234", 1.234)]
    [InlineData("en", "0.0001", 0.0001)]
    [InlineData("en", "+3", 3)]
    public void An_amount_is_read_as_meant(string culture, string text, double expected)
    {
        Assert.True(NumberInput.TryParseAmount(text, culture == "en" ? English : German, out var value));
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("zwölf")]
    [InlineData("1e3")]
    [InlineData("8,9,0")]
    [InlineData("1.2.3")]
    [InlineData("12,34,567")]
    [InlineData("1,5.5,5")]
    [InlineData("8.")]
    [InlineData(",5")]
    [InlineData("-3")]
    [InlineData("3-")]
    [InlineData("1 000 000x")]
    [InlineData("0x10")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(NumberInput.TryParseAmount(text, English, out _));
        Assert.False(NumberInput.TryParseAmount(text, German, out _));
    }

    [Fact]
    public void A_negative_amount_is_read_only_where_allowed() =>
        Assert.True(NumberInput.TryParseAmount("-3,50", German, out var value, allowNegative: true) && value == -3.50m);

    [Theory]
    [InlineData("1", 1)]
    [InlineData(" 12 ", 12)]
    [InlineData("9999", 9999)]
    public void Whole_packs_are_digits(string text, int expected)
    {
        Assert.True(NumberInput.TryParseWhole(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1,5")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("1.000")]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData("zwei")]
    public void A_part_pack_or_anything_else_is_refused(string text) => Assert.False(NumberInput.TryParseWhole(text, out _));
}

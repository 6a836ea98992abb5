using Portal.Catalogs;

namespace Portal.Tests.Catalogs;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("Farbwerk Südhang", "farbwerk sudhang")]
    [InlineData("FARBWERK SÜDHANG", "farbwerk sudhang")]
    [InlineData("Suedhang", "sudhang")]
    [InlineData("Straße", "strasse")]
    [InlineData("Yılmaz Café", "yılmaz cafe")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Folds_case_and_umlauts_so_either_spelling_matches(string? text, string expected) =>
        Assert.Equal(expected, SearchText.Fold(text));

    [Fact]
    public void Product_text_includes_skus_and_pack_names_for_partial_matches()
    {
        var product = new Product { Name = "Wand­farbe Weiß", BaseUnit = "l", Description = "Matt", PackSizes = [new() { Sku = "P110-1", Name = "Eimer 1 l" }] };

        var text = SearchText.ForProduct(product);

        Assert.Contains("p110-1", text);
        Assert.Contains("weiss", text);
        Assert.Contains("eimer", text);
    }
}

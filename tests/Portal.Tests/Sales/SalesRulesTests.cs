using Portal.Sales;

namespace Portal.Tests.Sales;

public sealed class SalesRulesTests
{
    [Theory]
    [InlineData(56, true)]
    [InlineData(55, false)]
    public void An_order_is_unusual_only_above_factor_times_the_median(int value, bool unusual)
    {
        // Median of 9, 10, 12, 30 is 11; five times that is 55.
        var finding = UnusualOrderValue.Check(value, [9m, 10m, 12m, 30m], 5m, 3);

        Assert.Equal(unusual, finding is not null);
        if (finding is not null)
        {
            Assert.Equal(11m, finding.Median);
            Assert.Equal(5.1m, finding.Factor);
        }
    }

    [Fact]
    public void One_big_order_in_the_history_does_not_raise_the_usual_value()
    {
        Assert.NotNull(UnusualOrderValue.Check(100m, [10m, 10m, 10m, 5_000m, 10m], 5m, 3));
    }

    [Fact]
    public void Too_few_earlier_orders_and_returns_tell_nothing()
    {
        Assert.Null(UnusualOrderValue.Check(1_000m, [1m, 1m], 5m, 3));
        Assert.Null(UnusualOrderValue.Check(1_000m, [1m, 1m, -40m, 0m], 5m, 3));
    }

    [Theory]
    [InlineData("12,50", 12.50)]
    [InlineData("12.50", 12.50)]
    [InlineData("1.234,50", 1234.50)]
    [InlineData("1,234.50", 1234.50)]
    [InlineData(" 7 € ", 7)]
    [InlineData("0", 0)]
    public void Prices_are_read_as_clerks_type_them(string text, double expected) =>
        Assert.Equal((decimal)expected, Portal.Sales.OrderEdits.ParsePrice(text, System.Globalization.CultureInfo.GetCultureInfo("de")));

    [Theory]
    [InlineData("")]
    [InlineData("zwölf")]
    [InlineData("-3")]
    public void Anything_else_is_no_price(string text) => Assert.Null(Portal.Sales.OrderEdits.ParsePrice(text, System.Globalization.CultureInfo.GetCultureInfo("de")));

    [Fact]
    public void Every_type_has_a_default_sla()
    {
        var options = new SalesOptions();
        Assert.All(Enum.GetValues<EscalationType>(), type => Assert.True(options.SlaFor(type) > TimeSpan.Zero));
        options.Sla[EscalationType.Manual] = TimeSpan.FromHours(2);
        Assert.Equal(TimeSpan.FromHours(2), options.SlaFor(EscalationType.Manual));
    }
}

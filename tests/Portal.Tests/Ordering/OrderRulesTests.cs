using Portal.Ordering;
using Portal.Pricing;

namespace Portal.Tests.Ordering;

public sealed class OrderRulesTests
{
    private static readonly SegmentRule SmallCustomers = new() { MinimumOrderValue = 25m, SmallOrderThreshold = 100m, SmallOrderSurcharge = 7.50m };

    [Fact]
    public void Below_the_threshold_a_surcharge_is_added_and_the_missing_amount_is_shown()
    {
        var quote = OrderRules.Quote([new QuoteLine(1, 3, 20m, 0.19m)], SmallCustomers, 0);

        Assert.Equal(60m, quote.SubtotalNet);
        Assert.Equal(7.50m, quote.SurchargeNet);
        Assert.Equal(40m, quote.MissingToAvoidSurcharge);
        Assert.False(quote.BelowMinimum);
    }

    [Fact]
    public void At_the_threshold_there_is_no_surcharge()
    {
        var quote = OrderRules.Quote([new QuoteLine(1, 5, 20m, 0.19m)], SmallCustomers, 0);

        Assert.Equal(0m, quote.SurchargeNet);
        Assert.Equal(0m, quote.MissingToAvoidSurcharge);
    }

    [Fact]
    public void Below_the_minimum_the_order_cannot_be_placed()
    {
        var quote = OrderRules.Quote([new QuoteLine(1, 1, 24.99m, 0.19m)], SmallCustomers, 0);

        Assert.True(quote.BelowMinimum);
        Assert.Equal(0.01m, quote.MissingForMinimum);
    }

    [Fact]
    public void Vat_is_computed_per_rate_and_services_carry_the_standard_rate()
    {
        var quote = OrderRules.Quote(
            [new QuoteLine(1, 2, 10.05m, 0.19m), new QuoteLine(2, 3, 3.33m, 0.07m)],
            SmallCustomers,
            deliveryNet: 4.90m);

        // 20.10 + 9.99 = 30.09 net goods; below 100, so 7.50 surcharge; services 12.40 at 19 %.
        Assert.Equal(30.09m, quote.SubtotalNet);
        Assert.Equal([0.19m, 0.07m], quote.Vat.Select(v => v.Rate));
        Assert.Equal(Math.Round((20.10m + 12.40m) * 0.19m, 2), quote.Vat[0].Vat);
        Assert.Equal(Math.Round(9.99m * 0.07m, 2), quote.Vat[1].Vat);
        Assert.Equal(30.09m + 7.50m + 4.90m + quote.VatTotal, quote.TotalGross);
    }

    [Fact]
    public void An_empty_cart_costs_nothing_not_even_delivery()
    {
        var quote = OrderRules.Quote([], SmallCustomers, 6.90m);

        Assert.Equal(0m, quote.TotalGross);
        Assert.Equal(0m, quote.SurchargeNet);
    }

    [Fact]
    public void A_placed_orders_stored_lines_break_down_into_the_same_vat_as_its_quote()
    {
        QuoteLine[] lines = [new(1, 2, 10.05m, 0.19m), new(2, 3, 3.33m, 0.07m)];
        var quote = OrderRules.Quote(lines, SmallCustomers, deliveryNet: 4.90m);

        var stored = OrderRules.Vat(lines.Select(l => (l.TaxRate, l.LineNet)), quote.SurchargeNet + quote.DeliveryNet);

        Assert.Equal(quote.Vat, stored);
    }
}

public sealed class PriceCalculatorTests
{
    private static readonly PriceTier[] Tiers = [new(1, 10m), new(10, 9.50m), new(50, 9m)];

    [Theory]
    [InlineData(1, 10)]
    [InlineData(9, 10)]
    [InlineData(10, 9.5)]
    [InlineData(49, 9.5)]
    [InlineData(50, 9)]
    [InlineData(5000, 9)]
    public void The_highest_tier_reached_applies(int quantity, double expected) =>
        Assert.Equal((decimal)expected, PriceCalculator.UnitPriceFor(Tiers, quantity));

    [Fact]
    public void Without_a_tier_from_one_a_single_pack_has_no_price() =>
        Assert.Null(PriceCalculator.UnitPriceFor([new PriceTier(10, 5m)], 1));

    [Theory]
    [InlineData(4.83, 1, 4.83)]
    [InlineData(11.10, 2.5, 4.44)]
    [InlineData(2.20, 20, 0.11)]
    public void Price_per_base_unit_compares_pack_sizes(double packPrice, double units, double expected) =>
        Assert.Equal((decimal)expected, PriceCalculator.PerBaseUnit((decimal)packPrice, (decimal)units));
}

using Portal.Insights;
using Portal.Ordering;
using Portal.Segmentation;
using static Portal.Insights.HandlingCostSaved;

namespace Portal.Tests.Insights;

/// Handling cost saved, each customer against its own first three months on record, at the default cost rates
/// (a phone order 25.00, a shop order 2.00, a call 8.00, a visit 120.00, an escalation 15.00).
public sealed class HandlingCostSavedTests
{
    private static readonly SegmentationSettings Rates = new();
    private static readonly DateOnly January = new(2026, 1, 1);

    private static DateOnly Month(int offset) => January.AddMonths(offset);

    private static IEnumerable<OrderAt> Orders(int customer, int month, OrderChannel channel, int count) =>
        Enumerable.Range(0, count).Select(_ => new OrderAt(customer, Month(month), channel));

    private static ContactAt Call(int customer, int month) => new(customer, Month(month), Rates.CallCost);

    [Fact]
    public void A_customer_who_moved_from_the_phone_to_the_shop_saves_the_difference_per_order_and_nothing_in_its_baseline()
    {
        var orders = Orders(1, 0, OrderChannel.Phone, 2).Concat(Orders(1, 2, OrderChannel.Phone, 1)).Concat(Orders(1, 3, OrderChannel.Shop, 2));

        var saved = Compute(orders, [], Rates);

        Assert.Equal(2 * (25.00m - 2.00m), saved[(1, Month(3))]);
        Assert.DoesNotContain(saved.Keys, k => k.Month < Month(3));
    }

    [Fact]
    public void Ordering_less_in_the_same_way_saves_nothing()
    {
        var orders = Orders(1, 0, OrderChannel.Phone, 6).Concat(Orders(1, 5, OrderChannel.Phone, 1));

        Assert.Equal(0m, Compute(orders, [], Rates)[(1, Month(5))]);
    }

    [Fact]
    public void Fewer_calls_per_order_than_in_the_baseline_save_the_calls_and_a_visit_in_a_month_without_orders_costs()
    {
        // Baseline: 3 shop orders and 3 calls, one call per order.
        var orders = Orders(1, 0, OrderChannel.Shop, 3).Concat(Orders(1, 4, OrderChannel.Shop, 2));
        ContactAt[] contacts = [Call(1, 0), Call(1, 1), Call(1, 2), new(1, Month(6), Rates.VisitCost)];

        var saved = Compute(orders, contacts, Rates);

        Assert.Equal(2 * 8.00m, saved[(1, Month(4))]);
        Assert.Equal(-120.00m, saved[(1, Month(6))]);
    }

    [Fact]
    public void A_customer_who_went_back_to_the_phone_costs_more_than_it_saves_and_each_customer_has_its_own_baseline()
    {
        var shopFirst = Orders(1, 0, OrderChannel.Shop, 2).Concat(Orders(1, 3, OrderChannel.Phone, 1));
        var phoneFirst = Orders(2, 1, OrderChannel.Phone, 2).Concat(Orders(2, 3, OrderChannel.Phone, 1));

        var saved = Compute(shopFirst.Concat(phoneFirst), [], Rates);

        Assert.Equal(2.00m - 25.00m, saved[(1, Month(3))]);
        Assert.False(saved.ContainsKey((2, Month(3))), "month 3 is still in the second customer's baseline (its first order was in month 1)");
    }
}

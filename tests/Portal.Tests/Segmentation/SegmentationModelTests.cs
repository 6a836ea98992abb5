using Portal.Customers;
using Portal.Ordering;
using Portal.Segmentation;

namespace Portal.Tests.Segmentation;

/// Every rule of the segmentation model, pinned with small hand-made customers.
public sealed class SegmentationModelTests
{
    private static readonly SegmentationSettings Defaults = new();
    private static readonly DateOnly AsOf = new(2010, 12, 9);

    private static CustomerActivity Customer(string number, decimal revenue, decimal? potential = null, int shop = 0, int phone = 0, int lines = 0,
        int escalations = 0, int calls = 0, int visits = 0, decimal revenueWithCost = 0, decimal costOfGoods = 0, DateOnly[]? days = null) => new()
    {
        Number = number,
        Revenue = revenue,
        KnownPotential = potential,
        OrdersByChannel = new Dictionary<OrderChannel, int> { [OrderChannel.Shop] = shop, [OrderChannel.Phone] = phone },
        Lines = lines,
        Escalations = escalations,
        Calls = calls,
        Visits = visits,
        RevenueWithCost = revenueWithCost,
        CostOfGoods = costOfGoods,
        PurchaseDays = days ?? [],
    };

    [Fact]
    public void The_small_customer_threshold_is_the_cost_of_personal_care_divided_by_the_margin_rate()
    {
        Assert.Equal(588m, Defaults.PersonalCareCostPerYear);
        Assert.Equal(1960m, Defaults.SmallCustomerThreshold);
        Assert.Equal("(2 × 120.00 + 6 × 8.00 + 12 × 25.00) ÷ 0.30 = 1,960.00", Defaults.ThresholdDerivation());
        Assert.Empty(Defaults.Validate());
    }

    [Fact]
    public void The_threshold_follows_the_settings_it_is_derived_from()
    {
        var settings = new SegmentationSettings { PersonalVisitsPerYear = 4, VisitCost = 100m, PersonalCallsPerYear = 0, PersonalManualOrdersPerYear = 0, MarginRate = 0.25m };

        Assert.Equal(1600m, settings.SmallCustomerThreshold);
    }

    [Theory]
    [InlineData("1959.99", Segment.C)]
    [InlineData("1960.00", Segment.B)]
    [InlineData("49999.99", Segment.B)]
    [InlineData("50000.00", Segment.A)]
    [InlineData("0", Segment.C)]
    [InlineData("-250", Segment.C)]
    public void Threshold_mode_puts_C_below_the_small_customer_threshold_and_A_from_the_key_account_threshold(string basis, Segment expected)
    {
        Assert.Equal(expected, SegmentationModel.ByThreshold(decimal.Parse(basis, System.Globalization.CultureInfo.InvariantCulture), Defaults).Segment);
    }

    [Fact]
    public void Pareto_mode_classes_by_the_share_of_the_customers_ranked_above()
    {
        // T = 100. Ranked: 50 (S=0 → A), 30 (S=50 → A), 15 (S=80: not below 80 → B), 4 (S=95: not below 95 → C), 1 (S=99 → C).
        var classes = SegmentationModel.ByPareto([("e", 1m), ("a", 50m), ("d", 4m), ("b", 30m), ("c", 15m)], 0.80m, 0.95m);

        Assert.Equal([Segment.C, Segment.A, Segment.C, Segment.A, Segment.B], classes.Select(c => c.Segment));
    }

    [Fact]
    public void Pareto_ties_are_ranked_by_customer_number_ascending_in_ordinal_order()
    {
        // T = 40. "10" sorts before "9" (ordinal), so "10" is ranked first with S=0 and "9" second with S=10.
        // With a = 0.25 (10 of 40): "10" is A (0 < 10), "9" is not (10 is not below 10) and becomes B (10 < 0.95·40).
        var classes = SegmentationModel.ByPareto([("9", 10m), ("10", 10m), ("7", 20m)], 0.25m, 0.95m);

        Assert.Equal(Segment.A, classes[2].Segment);
        Assert.Equal(Segment.B, classes[1].Segment);
        Assert.Equal(Segment.B, classes[0].Segment);

        var swapped = SegmentationModel.ByPareto([("9", 10m), ("10", 10m)], 0.5m, 0.95m);
        Assert.Equal(Segment.A, swapped[1].Segment);
        Assert.Equal(Segment.B, swapped[0].Segment);
    }

    [Fact]
    public void Pareto_counts_only_positive_bases_in_the_total_and_a_basis_of_zero_or_less_is_always_C()
    {
        // T = 10 (the -90 does not shrink it). The single positive customer is A; zero and negative are C.
        var classes = SegmentationModel.ByPareto([("a", 10m), ("b", 0m), ("c", -90m)], 0.80m, 0.95m);

        Assert.Equal([Segment.A, Segment.C, Segment.C], classes.Select(c => c.Segment));
        Assert.All(SegmentationModel.ByPareto([("x", 0m), ("y", -1m)], 0.8m, 0.95m), c => Assert.Equal(Segment.C, c.Segment));
    }

    [Fact]
    public void Potential_is_the_known_potential_or_else_the_revenue_and_the_basis_is_the_larger_of_the_two()
    {
        Assert.Equal(800m, SegmentationModel.Potential(Customer("1", 800m)));
        Assert.Equal(800m, SegmentationModel.Basis(Customer("1", 800m)));
        Assert.Equal(60_000m, SegmentationModel.Basis(Customer("2", 800m, potential: 60_000m)));
        Assert.Equal(500m, SegmentationModel.Potential(Customer("3", 5_000m, potential: 500m)));
        Assert.Equal(5_000m, SegmentationModel.Basis(Customer("3", 5_000m, potential: 500m)));
    }

    [Fact]
    public void Potential_above_revenue_lifts_the_class()
    {
        var results = SegmentationModel.Evaluate([Customer("1", 1_000m, potential: 70_000m), Customer("2", 1_000m)], Defaults, AsOf);

        Assert.Equal(Segment.A, results[0].Segment);
        Assert.Equal(Segment.C, results[1].Segment);
        Assert.Equal(70_000m, results[0].Basis);
    }

    [Fact]
    public void Negative_revenue_from_returns_makes_a_customer_C_in_both_modes()
    {
        var threshold = SegmentationModel.Evaluate([Customer("1", -300m), Customer("2", 90_000m)], Defaults, AsOf);
        var pareto = SegmentationModel.Evaluate([Customer("1", -300m), Customer("2", 90_000m)], new SegmentationSettings { Mode = SegmentationMode.Pareto }, AsOf);

        Assert.Equal(Segment.C, threshold[0].Segment);
        Assert.Equal(Segment.C, pareto[0].Segment);
        Assert.Equal(-300m, pareto[0].Basis);
    }

    [Fact]
    public void Cost_to_serve_adds_order_cost_by_channel_lines_escalations_calls_and_visits()
    {
        var activity = Customer("1", 1000m, shop: 3, phone: 2, lines: 10, escalations: 1, calls: 2, visits: 1);

        var cost = SegmentationModel.CostToServe(activity, Defaults);

        Assert.Equal(3 * 2.00m + 2 * 25.00m, cost.Orders);
        Assert.Equal(5.00m, cost.Lines);
        Assert.Equal(15.00m, cost.Escalations);
        Assert.Equal(16.00m, cost.Calls);
        Assert.Equal(120.00m, cost.Visits);
        Assert.Equal(212.00m, cost.Total);
    }

    [Fact]
    public void Every_self_service_channel_costs_the_self_service_rate()
    {
        var activity = new CustomerActivity
        {
            Number = "1",
            OrdersByChannel = new Dictionary<OrderChannel, int> { [OrderChannel.Shop] = 1, [OrderChannel.ReorderList] = 1, [OrderChannel.QuickOrder] = 1, [OrderChannel.CsvUpload] = 1 },
        };

        Assert.Equal(8.00m, SegmentationModel.CostToServe(activity, Defaults).Orders);
    }

    [Fact]
    public void Margin_uses_cost_prices_where_known_and_the_margin_rate_on_the_rest()
    {
        // 1,000 revenue, of which 600 on lines with cost prices summing to 450: 150 + 400 × 0.30 = 270.
        var mixed = Customer("1", 1000m, revenueWithCost: 600m, costOfGoods: 450m);
        var unknown = Customer("2", 1000m);

        Assert.Equal(270m, SegmentationModel.Margin(mixed, Defaults));
        Assert.Equal(300m, SegmentationModel.Margin(unknown, Defaults));
    }

    [Fact]
    public void Contribution_is_margin_minus_cost_to_serve_and_a_negative_one_asks_to_review_the_terms()
    {
        // Margin 60 (200 × 0.30); cost 4 phone orders × 25 + 4 lines × 0.50 = 102; contribution -42.
        var result = SegmentationModel.Evaluate([Customer("1", 200m, phone: 4, lines: 4)], Defaults, AsOf)[0];

        Assert.Equal(60m, result.Margin);
        Assert.Equal(102m, result.CostToServe.Total);
        Assert.Equal(-42m, result.Contribution);
        Assert.Contains(result.Actions, a => a.Kind == SegmentationActionKind.ReviewTerms);
        Assert.DoesNotContain(SegmentationModel.Evaluate([Customer("2", 2000m, shop: 4, lines: 4)], Defaults, AsOf)[0].Actions, a => a.Kind == SegmentationActionKind.ReviewTerms);
    }

    [Theory]
    [InlineData(Segment.A, Segment.A, Strategy.KeyAccount)]
    [InlineData(Segment.A, Segment.B, Strategy.KeyAccount)]
    [InlineData(Segment.B, Segment.B, Strategy.InsideSales)]
    [InlineData(Segment.C, Segment.C, Strategy.SelfService)]
    [InlineData(Segment.A, Segment.C, Strategy.Develop)]
    [InlineData(Segment.B, Segment.C, Strategy.Develop)]
    public void Strategy_follows_the_class_and_develops_customers_that_are_big_only_through_their_potential(Segment segment, Segment revenueSegment, Strategy expected)
    {
        Assert.Equal(expected, SegmentationModel.StrategyFor(segment, revenueSegment));
    }

    [Fact]
    public void A_customer_that_is_A_on_its_potential_but_C_on_its_revenue_is_developed()
    {
        var results = SegmentationModel.Evaluate([Customer("dev", 1_500m, potential: 80_000m), Customer("key", 80_000m), Customer("mid", 3_000m, potential: 10_000m)], Defaults, AsOf);

        Assert.Equal((Segment.A, Segment.C, Strategy.Develop), (results[0].Segment, results[0].RevenueSegment, results[0].Strategy));
        Assert.Equal(Strategy.KeyAccount, results[1].Strategy);
        Assert.Equal(Strategy.InsideSales, results[2].Strategy);
    }

    [Fact]
    public void In_pareto_mode_develop_compares_with_the_class_the_revenue_alone_would_get_in_the_ranking()
    {
        // On bases (100, 50, 10): "p" (potential 100) is A. On revenue alone (1, 50, 10): "p" ranks last with S=60 of 61 → C.
        var settings = new SegmentationSettings { Mode = SegmentationMode.Pareto };
        var results = SegmentationModel.Evaluate([Customer("p", 1m, potential: 100m), Customer("q", 50m), Customer("r", 10m)], settings, AsOf);

        Assert.Equal(Segment.A, results[0].Segment);
        Assert.Equal(Segment.C, results[0].RevenueSegment);
        Assert.Equal(Strategy.Develop, results[0].Strategy);
    }

    [Fact]
    public void An_override_decides_the_strategy_and_the_computed_class_stays()
    {
        var results = SegmentationModel.Evaluate([Customer("1", 100_000m)], Defaults, AsOf, new Dictionary<string, Segment> { ["1"] = Segment.C });

        Assert.Equal(Segment.A, results[0].Segment);
        Assert.Equal(Strategy.SelfService, results[0].Strategy);
    }

    [Fact]
    public void A_self_service_customer_ordering_more_than_30_percent_by_phone_is_moved_to_self_service()
    {
        // 3 of 10 is exactly 30 %: not more. 4 of 10 is.
        var atLimit = SegmentationModel.Evaluate([Customer("1", 1000m, shop: 7, phone: 3)], Defaults, AsOf)[0];
        var over = SegmentationModel.Evaluate([Customer("2", 1000m, shop: 6, phone: 4)], Defaults, AsOf)[0];
        var keyAccount = SegmentationModel.Evaluate([Customer("3", 90_000m, shop: 0, phone: 10)], Defaults, AsOf)[0];

        Assert.DoesNotContain(atLimit.Actions, a => a.Kind == SegmentationActionKind.MoveToSelfService);
        var action = Assert.Single(over.Actions, a => a.Kind == SegmentationActionKind.MoveToSelfService);
        Assert.StartsWith("4 of 10 orders (40 %) came by phone", action.Reason);
        Assert.DoesNotContain(keyAccount.Actions, a => a.Kind == SegmentationActionKind.MoveToSelfService);
    }

    [Fact]
    public void The_median_interval_is_the_middle_gap_or_the_mean_of_the_two_middle_gaps()
    {
        DateOnly D(int day) => new(2010, 1, day);

        Assert.Null(SegmentationModel.MedianInterval([D(1)]));
        // Gaps 10, 20, 5: the middle one is 10. Gaps 10, 20: the mean of the two is 15.
        Assert.Equal(10m, SegmentationModel.MedianInterval([D(1), D(11), D(31), D(31).AddDays(5)]) ?? 0);
        Assert.Equal(15m, SegmentationModel.MedianInterval([D(1), D(11), D(31)]) ?? 0);
    }

    [Fact]
    public void A_customer_silent_for_more_than_one_and_a_half_median_intervals_is_reactivated()
    {
        // Purchases every 20 days, last on 2010-11-09: 30 days ago on 2010-12-09 is exactly 1.5 × 20, not more.
        DateOnly[] days = [new(2010, 9, 30), new(2010, 10, 20), new(2010, 11, 9)];
        var justAtLimit = SegmentationModel.Evaluate([Customer("1", 3000m, shop: 3, days: days)], Defaults, AsOf)[0];
        var overLimit = SegmentationModel.Evaluate([Customer("1", 3000m, shop: 3, days: days)], Defaults, AsOf.AddDays(1))[0];
        var twoOrdersOnly = SegmentationModel.Evaluate([Customer("2", 3000m, shop: 2, days: days[..2])], Defaults, AsOf.AddDays(200))[0];

        Assert.DoesNotContain(justAtLimit.Actions, a => a.Kind == SegmentationActionKind.Reactivate);
        var action = Assert.Single(overLimit.Actions, a => a.Kind == SegmentationActionKind.Reactivate);
        Assert.Equal("no order for 31 days since 2010-11-09, more than 1.5 × its median interval of 20 days", action.Reason);
        Assert.DoesNotContain(twoOrdersOnly.Actions, a => a.Kind == SegmentationActionKind.Reactivate);
    }

    [Fact]
    public void The_window_is_the_twelve_months_ending_at_the_as_of_day()
    {
        var window = new SegmentationWindow(AsOf, 12);

        Assert.Equal(new DateOnly(2009, 12, 10), window.First);
        Assert.False(window.Contains(new DateOnly(2009, 12, 9)));
        Assert.True(window.Contains(new DateOnly(2009, 12, 10)));
        Assert.True(window.Contains(AsOf));
        Assert.False(window.Contains(AsOf.AddDays(1)));
        Assert.Equal(new DateOnly(2023, 3, 1), new SegmentationWindow(new DateOnly(2024, 2, 29), 12).First);
    }

    [Fact]
    public void Settings_that_make_no_sense_are_refused()
    {
        Assert.NotEmpty(new SegmentationSettings { ParetoAShare = 0.95m, ParetoBShare = 0.80m }.Validate());
        Assert.NotEmpty(new SegmentationSettings { MarginRate = 0m }.Validate());
        Assert.NotEmpty(new SegmentationSettings { KeyAccountThreshold = 1000m }.Validate());
        Assert.NotEmpty(new SegmentationSettings { PhoneOrderCost = -1m }.Validate());
    }

    [Fact]
    public void Care_intensity_follows_the_strategy()
    {
        Assert.Equal(4, Defaults.Care(Strategy.KeyAccount).VisitsPerYear);
        Assert.Equal(12, Defaults.Care(Strategy.InsideSales).CallsPerYear);
        Assert.Equal(4, Defaults.Care(Strategy.Develop).CallsPerYear);
        Assert.True(Defaults.Care(Strategy.SelfService).AutomatedOnly);
    }
}

using System.Globalization;
using Portal.Ordering;

namespace Portal.Segmentation;

/// Every number of the segmentation model, with the concept's defaults. Admins edit them on the settings page
/// (kept as one JSON row, so a setting added later gets its default here without a migration).
public sealed class SegmentationSettings
{
    public SegmentationMode Mode { get; set; } = SegmentationMode.Threshold;

    /// The window ends at the as-of day and reaches back this many months.
    public int WindowMonths { get; set; } = 12;

    public decimal KeyAccountThreshold { get; set; } = 50_000m;
    public decimal ParetoAShare { get; set; } = 0.80m;
    public decimal ParetoBShare { get; set; } = 0.95m;

    public decimal ShopOrderCost { get; set; } = 2.00m;
    public decimal ReorderListOrderCost { get; set; } = 2.00m;
    public decimal QuickOrderCost { get; set; } = 2.00m;
    public decimal CsvUploadOrderCost { get; set; } = 2.00m;
    public decimal PhoneOrderCost { get; set; } = 25.00m;
    public decimal LineCost { get; set; } = 0.50m;
    public decimal EscalationCost { get; set; } = 15.00m;
    public decimal CallCost { get; set; } = 8.00m;
    public decimal VisitCost { get; set; } = 120.00m;

    /// Margin assumed on revenue where an order line carries no cost price.
    public decimal MarginRate { get; set; } = 0.30m;

    /// What serving a customer personally takes in a year; the small-customer threshold is derived from it.
    public decimal PersonalVisitsPerYear { get; set; } = 2;
    public decimal PersonalCallsPerYear { get; set; } = 6;
    public decimal PersonalManualOrdersPerYear { get; set; } = 12;

    /// MoveToSelfService when more than this share of a self-service customer's orders came by phone.
    public decimal PhoneShareLimit { get; set; } = 0.30m;

    /// Reactivate when the days since the last order exceed this factor times the median order interval.
    public decimal ReactivateIntervalFactor { get; set; } = 1.5m;
    public int ReactivateMinOrders { get; set; } = 3;

    public CareIntensity KeyAccountCare { get; set; } = new() { VisitsPerYear = 4, CallsPerYear = 0 };
    public CareIntensity InsideSalesCare { get; set; } = new() { VisitsPerYear = 0, CallsPerYear = 12 };
    public CareIntensity DevelopCare { get; set; } = new() { VisitsPerYear = 0, CallsPerYear = 4 };
    public CareIntensity SelfServiceCare { get; set; } = new() { VisitsPerYear = 0, CallsPerYear = 0 };

    /// The yearly cost of serving a customer personally: visits, calls and orders taken by hand.
    public decimal PersonalCareCostPerYear =>
        PersonalVisitsPerYear * VisitCost + PersonalCallsPerYear * CallCost + PersonalManualOrdersPerYear * PhoneOrderCost;

    /// Below this revenue a customer does not earn the margin that personal care costs: it is a small customer.
    public decimal SmallCustomerThreshold => MarginRate > 0 ? Math.Round(PersonalCareCostPerYear / MarginRate, 2, MidpointRounding.AwayFromZero) : 0m;

    /// "(2 × 120.00 + 6 × 8.00 + 12 × 25.00) ÷ 0.30 = 1,960.00", for the settings page.
    public string ThresholdDerivation(IFormatProvider? culture = null)
    {
        culture ??= CultureInfo.InvariantCulture;
        string N(decimal value) => value.ToString("#,##0.##", culture);
        string M(decimal value) => value.ToString("#,##0.00", culture);
        return $"({N(PersonalVisitsPerYear)} × {M(VisitCost)} + {N(PersonalCallsPerYear)} × {M(CallCost)} + {N(PersonalManualOrdersPerYear)} × {M(PhoneOrderCost)}) ÷ {M(MarginRate)} = {M(SmallCustomerThreshold)}";
    }

    public decimal OrderCost(OrderChannel channel) => channel switch
    {
        OrderChannel.Shop => ShopOrderCost,
        OrderChannel.ReorderList => ReorderListOrderCost,
        OrderChannel.QuickOrder => QuickOrderCost,
        OrderChannel.CsvUpload => CsvUploadOrderCost,

        // A machine order costs what an uploaded file costs: nobody types it, the portal checks and books it.
        OrderChannel.Api => CsvUploadOrderCost,
        OrderChannel.Phone => PhoneOrderCost,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };

    public CareIntensity Care(Strategy strategy) => strategy switch
    {
        Strategy.KeyAccount => KeyAccountCare,
        Strategy.InsideSales => InsideSalesCare,
        Strategy.Develop => DevelopCare,
        Strategy.SelfService => SelfServiceCare,
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null),
    };

    /// Problems that would make the model meaningless; empty when the settings can be used.
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (WindowMonths is < 1 or > 120)
        {
            problems.Add("The window must be between 1 and 120 months.");
        }

        if (!(ParetoAShare > 0 && ParetoAShare < ParetoBShare && ParetoBShare <= 1))
        {
            problems.Add("The Pareto shares must satisfy 0 < A share < B share ≤ 1.");
        }

        if (MarginRate is <= 0 or > 1)
        {
            problems.Add("The margin rate must be above 0 and at most 1.");
        }

        if (KeyAccountThreshold <= SmallCustomerThreshold)
        {
            problems.Add("The key-account threshold must be above the small-customer threshold.");
        }

        decimal[] notNegative =
        [
            ShopOrderCost, ReorderListOrderCost, QuickOrderCost, CsvUploadOrderCost, PhoneOrderCost, LineCost, EscalationCost, CallCost, VisitCost,
            PersonalVisitsPerYear, PersonalCallsPerYear, PersonalManualOrdersPerYear, PhoneShareLimit, ReactivateIntervalFactor,
        ];
        if (notNegative.Any(v => v < 0))
        {
            problems.Add("Costs, counts, shares and factors cannot be negative.");
        }

        if (PhoneShareLimit > 1)
        {
            problems.Add("The phone share limit is a share between 0 and 1.");
        }

        if (ReactivateMinOrders < 2)
        {
            problems.Add("Reactivation needs at least 2 orders to know an interval.");
        }

        if (new[] { KeyAccountCare, InsideSalesCare, DevelopCare, SelfServiceCare }.Any(c => c.VisitsPerYear < 0 || c.CallsPerYear < 0))
        {
            problems.Add("Care intensities cannot be negative.");
        }

        return problems;
    }
}

/// How much personal contact a strategy gives a customer in a year. Neither visits nor calls: automated contact only.
public sealed class CareIntensity
{
    public int VisitsPerYear { get; set; }
    public int CallsPerYear { get; set; }

    public bool AutomatedOnly => VisitsPerYear == 0 && CallsPerYear == 0;
}

/// Settings that break the model (from the settings page or from --a-share/--b-share): nothing is computed.
public sealed class InvalidSegmentationSettingsException(IReadOnlyList<string> problems) : Exception(string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

public enum SegmentationMode
{
    Threshold = 0,
    Pareto = 1,
}

/// What the portal does for a customer. Develop: earns like a small customer but could earn like a bigger one.
public enum Strategy
{
    KeyAccount = 0,
    InsideSales = 1,
    Develop = 2,
    SelfService = 3,
}

public enum SegmentationActionKind
{
    MoveToSelfService = 0,
    ReviewTerms = 1,
    Reactivate = 2,
}

/// The English names shown for strategies and actions (and the keys of their translations).
public static class StrategyNames
{
    public static string DisplayName(Strategy strategy) => strategy switch
    {
        Strategy.KeyAccount => "Key account",
        Strategy.InsideSales => "Inside sales",
        Strategy.Develop => "Develop",
        _ => "Self-service",
    };

    public static string DisplayName(SegmentationActionKind kind) => kind switch
    {
        SegmentationActionKind.MoveToSelfService => "Move to self-service",
        SegmentationActionKind.ReviewTerms => "Review terms",
        _ => "Reactivate",
    };

    public static string DisplayName(SegmentationActionStatus status) => status.ToString();

    /// "4 visits a year", "12 calls a year", "automated contact only" — keys of their translations with {0}.
    public static (string Text, int Count)[] Describe(CareIntensity care)
    {
        if (care.AutomatedOnly)
        {
            return [("Automated contact only", 0)];
        }

        var parts = new List<(string, int)>();
        if (care.VisitsPerYear > 0)
        {
            parts.Add(("{0} visits a year", care.VisitsPerYear));
        }

        if (care.CallsPerYear > 0)
        {
            parts.Add(("{0} calls a year", care.CallsPerYear));
        }

        return parts.ToArray();
    }
}

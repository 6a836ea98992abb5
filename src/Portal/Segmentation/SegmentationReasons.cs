using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Portal.Localization;

namespace Portal.Segmentation;

/// The reasons the segmentation records for a class, a change of class or strategy and an action. They are stored in
/// English with invariant numbers (the data's language: an export or a log reads the same for everyone) and shown
/// in the reader's language: each template's English text is its translation key, and a stored reason is matched
/// back to its template, its values formatted for the reader. A text that matches no template (truncated, or
/// written before a template changed) is shown as stored.
public static partial class SegmentationReasons
{
    public static readonly ReasonTemplate BelowSmallCustomerThreshold = new("{0:amount} is below the small-customer threshold {1:amount}");
    public static readonly ReasonTemplate ReachesKeyAccountThreshold = new("{0:amount} reaches the key-account threshold {1:amount}");
    public static readonly ReasonTemplate BetweenThresholds = new("{0:amount} lies between the small-customer threshold {1:amount} and the key-account threshold {2:amount}");
    public static readonly ReasonTemplate NothingEarned = new("{0:amount}: nothing earned and no potential");
    public static readonly ReasonTemplate ParetoRank = new("customers ranked above hold {0:percent} of the total {1:amount} (A below {2:percent}, B below {3:percent})");

    public static readonly ReasonTemplate PhoneShare = new("{0:number} of {1:number} orders ({2:percent}) came by phone, more than {3:percent}: onboarding mail and a reorder list of its most frequent items");
    public static readonly ReasonTemplate NegativeContribution = new("contribution {0:amount}: margin {1:amount} minus cost to serve {2:amount}");
    public static readonly ReasonTemplate NoRecentOrder = new("no order for {0:number} days since {1:date}, more than {2:number} × its median interval of {3:number} days");

    public static readonly ReasonTemplate ThresholdRun = new("threshold as of {0:date}: {1:reason}");
    public static readonly ReasonTemplate ParetoRun = new("pareto as of {0:date}: {1:reason}");
    public static readonly ReasonTemplate OverrideInEffect = new("override in effect; computed class {0:text}: {1:reason}");
    public static readonly ReasonTemplate OverrideEnded = new("override ended on {0:date}; computed: {1:reason}");
    public static readonly ReasonTemplate OverrideUntil = new("override until {0:date}: {1:text}");
    public static readonly ReasonTemplate Override = new("override: {0:text}");
    public static readonly ReasonTemplate OverrideRemoved = new("override removed; the computed class applies");
    public static readonly ReasonTemplate OverrideRemovedBeforeFirstRun = new("override removed; no computed class yet, the class stays until the next run");

    private static readonly ReasonTemplate[] All =
    [
        BelowSmallCustomerThreshold, ReachesKeyAccountThreshold, BetweenThresholds, NothingEarned, ParetoRank,
        PhoneShare, NegativeContribution, NoRecentOrder,
        ThresholdRun, ParetoRun, OverrideInEffect, OverrideEnded, OverrideUntil, Override, OverrideRemoved, OverrideRemovedBeforeFirstRun,
        Care.Journeys.JourneyReasons.TaskWithFigures, Care.Journeys.JourneyReasons.Task,
    ];

    /// A stored reason in the reader's language (the current UI culture and t's translations).
    public static string Display(string reason, IStringLocalizer t) => ReasonTemplate.Display(All, reason, t);
}

/// One reason's wording with typed holes, "{0:amount}": amount (1,234.56), percent (12.5 %), number, date
/// (yyyy-MM-dd), text (shown as it is), key (an English text shown through its translation) and reason (a reason of
/// its own, shown in the reader's language as well).
public sealed partial class ReasonTemplate
{
    private readonly string[] kinds;
    private readonly Regex pattern;
    private readonly CompositeFormat composite;

    public ReasonTemplate(string template)
    {
        var holes = Hole().Matches(template);
        kinds = holes.Select(h => h.Groups["kind"].Value).ToArray();
        Key = Hole().Replace(template, h => $"{{{h.Groups["index"].Value}}}");
        composite = CompositeFormat.Parse(Key);
        var regex = Hole().Split(template);
        // Split with two capture groups yields literal, index, kind, literal, ...
        var parts = new List<string>();
        for (var i = 0; i < regex.Length; i += 3)
        {
            parts.Add(Regex.Escape(regex[i]));
            if (i + 2 < regex.Length)
            {
                parts.Add(regex[i + 2] switch
                {
                    "reason" or "text" or "key" => "(.+?)",
                    // Invariant numbers only ("1,234.56", "1234.56"): a number once stored in a reader's culture
                    // ("1234,56") must not be read as 123456; such a reason is shown as stored instead.
                    "amount" or "number" => @"(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)",
                    _ => "([^ ;:()]+(?: %)?)",
                });
            }
        }

        pattern = new Regex($"^{string.Concat(parts)}$", RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    /// The English wording with plain holes: what is stored (through Format) and the translation key.
    public string Key { get; }

    /// The stored text: days as yyyy-MM-dd, other values as the caller formatted them (amounts with
    /// SegmentationModel.Amount and so on).
    public string Format(params object[] values)
    {
        object[]? days = null;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is DateOnly day)
            {
                days ??= (object[])values.Clone();
                days[i] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
        }

        // The format parsed once: a segmentation run formats reasons for each of 100,000 customers, twice on a first run.
        return string.Format(CultureInfo.InvariantCulture, composite, days ?? values);
    }

    /// A stored reason through the first of the templates it matches; one that matches none is shown as stored.
    public static string Display(IEnumerable<ReasonTemplate> templates, string reason, IStringLocalizer t)
    {
        foreach (var template in templates)
        {
            if (template.TryParse(reason, out var values))
            {
                return template.Display(values, t);
            }
        }

        return reason;
    }

    public bool TryParse(string text, out string[] values)
    {
        var match = pattern.Match(text);
        values = match.Success ? match.Groups.Cast<Group>().Skip(1).Select(g => g.Value).ToArray() : [];
        return match.Success;
    }

    public string Display(string[] values, IStringLocalizer t)
    {
        var culture = CultureInfo.CurrentCulture;
        var shown = new object[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            shown[i] = kinds[i] switch
            {
                "amount" when decimal.TryParse(values[i], NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) => amount.ToString("N2", culture),
                "number" when decimal.TryParse(values[i], NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => number.ToString("#,##0.##", culture),
                "percent" when decimal.TryParse(values[i].TrimEnd(' ', '%'), NumberStyles.Number, CultureInfo.InvariantCulture, out var percent) => percent.ToString("0.#", culture) + " %",
                "date" when DateOnly.TryParseExact(values[i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) => Dates.Format(day, culture),
                "reason" => SegmentationReasons.Display(values[i], t),
                "key" => t[values[i]].Value,
                _ => values[i],
            };
        }

        return t[Key, shown];
    }

    [GeneratedRegex(@"\{(?<index>\d+):(?<kind>[a-z]+)\}")]
    private static partial Regex Hole();
}

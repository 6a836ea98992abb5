using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Customers;
using Portal.Localization;
using Portal.Ordering;
using Portal.ProductManagement;

namespace Portal.Areas.Pm.Pages.OrderRules;

/// The order rules per segment that CustomerTerms applies in cart, checkout and placement: the minimum order
/// value, the small-order surcharge below a threshold, and the goods value from which delivery is free.
public sealed class IndexModel(OrderRuleEditor editor, IStringLocalizer<SharedResource> t) : PageModel
{
    public static readonly string[] Fields = [nameof(SegmentRule.MinimumOrderValue), nameof(SegmentRule.SmallOrderThreshold), nameof(SegmentRule.SmallOrderSurcharge), nameof(SegmentRule.FreeDeliveryThreshold)];

    /// Typed values per "Segment.Field", kept as text so a wrong entry comes back as typed.
    [BindProperty]
    public Dictionary<string, string?> Values { get; set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        foreach (var (segment, rule) in await editor.CurrentAsync(cancellationToken))
        {
            foreach (var field in Fields)
            {
                Values[$"{segment}.{field}"] = Get(rule, field).ToString("0.00", CultureInfo.CurrentCulture);
            }
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var parsed = new Dictionary<string, decimal>();
        foreach (var segment in Enum.GetValues<Segment>())
        {
            foreach (var field in Fields)
            {
                var key = $"{segment}.{field}";
                var text = Values.GetValueOrDefault(key)?.Trim();
                if (string.IsNullOrEmpty(text))
                {
                    parsed[key] = 0;
                }
                else if (NumberInput.TryParseAmount(text, CultureInfo.CurrentCulture, out var value) && value is >= 0 and <= 1_000_000)
                {
                    parsed[key] = Localization.Money.Round(value);
                }
                else
                {
                    ModelState.AddModelError($"Values[{key}]", t["Please enter an amount from 0 to 1,000,000."]);
                }
            }

            if (parsed.GetValueOrDefault($"{segment}.{nameof(SegmentRule.SmallOrderSurcharge)}") > 0 && parsed.GetValueOrDefault($"{segment}.{nameof(SegmentRule.SmallOrderThreshold)}") == 0)
            {
                ModelState.AddModelError($"Values[{segment}.{nameof(SegmentRule.SmallOrderThreshold)}]", t["A surcharge needs the order value below which it applies."]);
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        decimal Parsed(Segment segment, string field) => parsed[$"{segment}.{field}"];
        await editor.SaveAsync(Enum.GetValues<Segment>().ToDictionary(s => s, s => new OrderRuleEditor.Amounts(
            Parsed(s, nameof(SegmentRule.MinimumOrderValue)), Parsed(s, nameof(SegmentRule.SmallOrderThreshold)),
            Parsed(s, nameof(SegmentRule.SmallOrderSurcharge)), Parsed(s, nameof(SegmentRule.FreeDeliveryThreshold)))), cancellationToken);
        TempData["Notice"] = t["The order rules were saved."].Value;
        return RedirectToPage();
    }

    private static decimal Get(SegmentRule rule, string field) => field switch
    {
        nameof(SegmentRule.MinimumOrderValue) => rule.MinimumOrderValue,
        nameof(SegmentRule.SmallOrderThreshold) => rule.SmallOrderThreshold,
        nameof(SegmentRule.SmallOrderSurcharge) => rule.SmallOrderSurcharge,
        _ => rule.FreeDeliveryThreshold,
    };
}

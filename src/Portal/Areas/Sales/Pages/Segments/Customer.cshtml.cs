using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Customers;
using Portal.Data;
using Portal.Identity;
using Portal.Localization;
using Portal.Ordering;
using Portal.Segmentation;

namespace Portal.Areas.Sales.Pages.Segments;

/// One customer's segmentation: its figures and how they were reached, its class and strategy with the history of
/// both, the open actions, and the override.
public sealed class CustomerModel(PortalDbContext db, SegmentOverrides overrides, SegmentationSettingsStore settingsStore, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    public OverrideInput Input { get; set; } = new();

    public Customer Customer { get; private set; } = null!;
    public CustomerFigures? Figures { get; private set; }

    /// The as-of day and mode the figures hold for: the latest completed run's, as a run rewrites only the figures
    /// that changed (a row keeps the stamp of the run that last changed it).
    public DateOnly FiguresAsOf { get; private set; }
    public SegmentationMode FiguresMode { get; private set; }
    public SegmentationSettings Settings { get; private set; } = new();
    public IReadOnlyList<CustomerSegmentChange> History { get; private set; } = [];
    public IReadOnlyList<SegmentationAction> OpenActions { get; private set; } = [];
    public IReadOnlyList<SegmentationAction> ClosedActions { get; private set; } = [];
    public IReadOnlyList<FrequentItem> FrequentItems { get; private set; } = [];

    public sealed record FrequentItem(string Sku, string Description, int Orders, int Quantity);

    public sealed class OverrideInput
    {
        [Required]
        public Segment? Segment { get; set; }

        [Required(ErrorMessage = "Please give a reason for the override.")]
        [StringLength(400)]
        public string? Reason { get; set; }

        [DataType(DataType.Date)]
        public DateOnly? Until { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Input.Segment = Customer.SegmentOverride ?? Customer.Segment;
        Input.Reason = Customer.OverrideReason;
        Input.Until = Customer.OverrideUntil;
        return Page();
    }

    public async Task<IActionResult> OnPostOverrideAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var today = Dates.BusinessToday(HttpContext.RequestServices.GetRequiredService<TimeProvider>());
        if (Input.Until is { } until && until < today)
        {
            ModelState.AddModelError("Input.Until", t["The end date cannot be in the past."]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        await overrides.SetAsync(Customer.Id, Input.Segment!.Value, Input.Reason!.Trim(), Input.Until, StaffName(), cancellationToken);
        TempData["Notice"] = t["{0} is now class {1}.", Customer.Name, Input.Segment.Value].Value;
        return RedirectToPage(new { number = Number });
    }

    public async Task<IActionResult> OnPostClearOverrideAsync(CancellationToken cancellationToken)
    {
        var id = await db.Customers.Where(c => c.Number == Number).Select(c => (int?)c.Id).SingleOrDefaultAsync(cancellationToken);
        if (id is null)
        {
            return NotFound();
        }

        await overrides.ClearAsync(id.Value, StaffName(), cancellationToken);
        TempData["Notice"] = t["The override is removed; the computed class applies."].Value;
        return RedirectToPage(new { number = Number });
    }

    public async Task<IActionResult> OnPostResolveAsync(long actionId, SegmentationActionStatus status, CancellationToken cancellationToken)
    {
        var id = await db.Customers.Where(c => c.Number == Number).Select(c => (int?)c.Id).SingleOrDefaultAsync(cancellationToken);
        if (id is null || status is not (SegmentationActionStatus.Done or SegmentationActionStatus.Dismissed))
        {
            return NotFound();
        }

        if (await overrides.ResolveActionAsync(id.Value, actionId, status, StaffName(), cancellationToken))
        {
            TempData["Notice"] = t[status == SegmentationActionStatus.Done ? "The action is marked done." : "The action is dismissed."].Value;
        }

        return RedirectToPage(new { number = Number });
    }

    private string StaffName() => User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity?.Name ?? "staff";

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Number == Number, cancellationToken);
        if (customer is null)
        {
            return false;
        }

        Customer = customer;
        Settings = await settingsStore.LoadAsync(cancellationToken);
        Figures = await db.CustomerFigures.AsNoTracking().SingleOrDefaultAsync(f => f.CustomerId == customer.Id, cancellationToken);
        if (Figures is not null)
        {
            var runId = Figures.RunId;
            var latest = await db.SegmentationRuns.AsNoTracking()
                .Where(r => r.Status == SegmentationRunStatus.Completed && r.Id >= runId)
                .OrderByDescending(r => r.Id)
                .Select(r => new { r.AsOf, r.Mode })
                .FirstOrDefaultAsync(cancellationToken);
            (FiguresAsOf, FiguresMode) = latest is null ? (Figures.AsOf, Figures.Mode) : (latest.AsOf, latest.Mode);
        }

        History = await db.CustomerSegmentChanges.AsNoTracking().Where(h => h.CustomerId == customer.Id).OrderByDescending(h => h.Id).Take(50).ToListAsync(cancellationToken);
        var actions = await db.SegmentationActions.AsNoTracking().Where(a => a.CustomerId == customer.Id).OrderByDescending(a => a.Id).Take(50).ToListAsync(cancellationToken);
        OpenActions = actions.Where(a => a.Status == SegmentationActionStatus.Open).ToList();
        ClosedActions = actions.Where(a => a.Status != SegmentationActionStatus.Open).ToList();

        // What a reorder list for a phone customer would hold: its most frequent items in the window.
        if (Figures is not null && OpenActions.Any(a => a.Kind == SegmentationActionKind.MoveToSelfService))
        {
            var window = new SegmentationWindow(FiguresAsOf, Settings.WindowMonths);
            var from = Dates.StartOfBusinessDay(window.First);
            var to = Dates.StartOfBusinessDay(window.Last.AddDays(1));
            var items = await db.OrderLines.AsNoTracking()
                .Join(db.Orders, l => l.OrderId, o => o.Id, (l, o) => new { Line = l, Order = o })
                .Where(x => x.Order.CustomerId == customer.Id && x.Order.Status != OrderStatus.Cancelled && x.Order.PlacedAt >= from && x.Order.PlacedAt < to && x.Line.Quantity > 0)
                .GroupBy(x => x.Line.Sku)
                .Select(g => new { Sku = g.Key, Description = g.Max(x => x.Line.Description), Orders = g.Select(x => x.Order.Id).Distinct().Count(), Quantity = g.Sum(x => x.Line.Quantity) })
                .OrderByDescending(i => i.Orders).ThenByDescending(i => i.Quantity).ThenBy(i => i.Sku)
                .Take(10)
                .ToListAsync(cancellationToken);
            FrequentItems = items.Select(i => new FrequentItem(i.Sku, i.Description ?? i.Sku, i.Orders, i.Quantity)).ToList();
        }

        return true;
    }
}

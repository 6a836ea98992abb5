using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Customers;
using Portal.Data;
using Portal.Identity;
using Portal.Localization;
using Portal.Ordering;
using Portal.Sales;
using Portal.Segmentation;

namespace Portal.Areas.Sales.Pages.Customers;

/// Customer 360°: the company, its people, its class, strategy and care, the segmentation's figures and its revenue
/// month by month, what is open, what it ordered and how, its reorder lists, and every manual touch, with calls,
/// visits and notes logged right here (they are the cost to serve) and the revenue potential set with a reason.
public sealed class DetailsModel(Portal.Mail.MailConsents consents, PortalDbContext db, TimeProvider time, SegmentationSettingsStore settingsStore, PotentialEditor potentials, TouchLog touches, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    public TouchInput Touch { get; set; } = new();

    [BindProperty]
    public PotentialInput Potential { get; set; } = new();

    public Customer Customer { get; private set; } = null!;
    public string? RepName { get; private set; }
    public IReadOnlyList<Person> People { get; private set; } = [];
    public IReadOnlyList<OpenEscalation> Escalations { get; private set; } = [];
    public IReadOnlyList<RecentOrder> Orders { get; private set; } = [];
    public IReadOnlyList<TimelineEntry> Timeline { get; private set; } = [];
    public decimal RevenueLast12Months { get; private set; }
    public int OrdersLast12Months { get; private set; }
    public int SelfServiceOrdersLast12Months { get; private set; }
    public CustomerFigures? Figures { get; private set; }
    public SegmentationSettings Settings { get; private set; } = new();

    public DateOnly? FiguresAsOf { get; private set; }
    public IReadOnlyList<CustomerSegmentChange> SegmentHistory { get; private set; } = [];
    public IReadOnlyList<PotentialChange> PotentialHistory { get; private set; } = [];
    public IReadOnlyList<MonthRevenue> RevenueByMonth { get; private set; } = [];
    public IReadOnlyList<ReorderListRow> ReorderLists { get; private set; } = [];
    public IReadOnlyList<OpenTask> Tasks { get; private set; } = [];

    public sealed record Person(string Name, string Email, bool IsActive, bool Unsubscribed = false);
    public sealed record OpenEscalation(int Id, EscalationType Type, string Reason, DateTimeOffset DueAt);
    public sealed record RecentOrder(string Number, DateTimeOffset PlacedAt, OrderChannel Channel, OrderStatus Status, decimal TotalGross);
    public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Text, string? Who);
    public sealed record MonthRevenue(DateOnly Month, decimal Revenue, int Orders);
    public sealed record ReorderListRow(int Id, string Name, string Owner, bool IsPrivate, int Lines, DateTimeOffset UpdatedAt);
    public sealed record OpenTask(long Id, CareTaskKind Kind, DateOnly DueOn, string Assignee);

    public sealed class TouchInput
    {
        public TouchKind Kind { get; set; } = TouchKind.Call;

        [Required(ErrorMessage = "Please write what was discussed.")]
        [StringLength(2000, ErrorMessage = "At most 2,000 characters.")]
        public string? Note { get; set; }
    }

    public sealed class PotentialInput
    {
        /// Text, read in the user's culture by PotentialEditor; empty means unknown.
        public string? Amount { get; set; }

        [Required(ErrorMessage = "Please give a reason for the new potential.")]
        [StringLength(400, ErrorMessage = "At most 400 characters.")]
        public string? Reason { get; set; }
    }

    public decimal SelfServiceShare => OrdersLast12Months == 0 ? 0 : (decimal)SelfServiceOrdersLast12Months / OrdersLast12Months;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Potential.Amount = Customer.Potential?.ToString("#,##0.##", CultureInfo.CurrentCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostTouchAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        // Two forms on one page: only the posted one is validated (an absent form binds without its prefix).
        ModelState.Clear();
        TryValidateModel(Touch, nameof(Touch));

        if (!TouchLog.LoggedByHand.Contains(Touch.Kind))
        {
            ModelState.AddModelError("Touch.Kind", t["Please choose call, visit or note."]);
        }

        if (!ModelState.IsValid)
        {
            Potential.Amount = Customer.Potential?.ToString("#,##0.##", CultureInfo.CurrentCulture);
            return Page();
        }

        await touches.LogAsync(Customer.Id, UserId, Touch.Kind, Touch.Note!, cancellationToken);
        TempData["Notice"] = t["Logged."].Value;
        return RedirectToPage(new { number = Number });
    }

    public async Task<IActionResult> OnPostPotentialAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        ModelState.Clear();
        TryValidateModel(Potential, nameof(Potential));

        if (!PotentialEditor.TryParse(Potential.Amount, CultureInfo.CurrentCulture, out var amount, out var error))
        {
            ModelState.AddModelError("Potential.Amount", t[error!]);
        }
        else if (amount == Customer.Potential)
        {
            ModelState.AddModelError("Potential.Amount", t["That is the potential already recorded."]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        await potentials.SetAsync(Customer.Id, amount, Potential.Reason!.Trim(), UserId, User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity?.Name ?? "staff", cancellationToken);
        TempData["Notice"] = t["The potential is saved; the next segmentation run uses it."].Value;
        return RedirectToPage(new { number = Number });
    }

    private string? UserId => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().Include(c => c.Addresses).Include(c => c.AssignedRep).SingleOrDefaultAsync(c => c.Number == Number, cancellationToken);
        if (customer is null)
        {
            return false;
        }

        Customer = customer;
        RepName = customer.AssignedRep?.DisplayName;
        People = await db.Users.AsNoTracking().Where(u => u.CustomerId == customer.Id).OrderBy(u => u.DisplayName)
            .Select(u => new Person(u.DisplayName, u.Email!, u.IsActive, false)).ToListAsync(cancellationToken);
        var unsubscribed = await consents.UnsubscribedAmongAsync(People.Select(p => p.Email), cancellationToken);
        People = People.Select(p => p with { Unsubscribed = unsubscribed.Contains(Portal.Mail.MailConsents.Normalize(p.Email)) }).ToList();
        Escalations = await db.Escalations.AsNoTracking().Where(e => e.CustomerId == customer.Id && e.Status == EscalationStatus.Open)
            .OrderBy(e => e.DueAt).Select(e => new OpenEscalation(e.Id, e.Type, e.Reason, e.DueAt)).ToListAsync(cancellationToken);
        Orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customer.Id).OrderByDescending(o => o.PlacedAt).Take(10)
            .Select(o => new RecentOrder(o.Number, o.PlacedAt, o.Channel, o.Status, o.TotalGross)).ToListAsync(cancellationToken);
        Figures = await db.CustomerFigures.AsNoTracking().SingleOrDefaultAsync(f => f.CustomerId == customer.Id, cancellationToken);
        // A run rewrites only the figures that changed: unchanged ones hold for the latest run's window too.
        FiguresAsOf = Figures is null ? null : await db.SegmentationRuns.AsNoTracking()
            .Where(r => r.Status == SegmentationRunStatus.Completed && r.Id >= Figures.RunId)
            .MaxAsync(r => (DateOnly?)r.AsOf, cancellationToken) ?? Figures.AsOf;
        Settings = await settingsStore.LoadAsync(cancellationToken);
        SegmentHistory = await db.CustomerSegmentChanges.AsNoTracking().Where(c => c.CustomerId == customer.Id).OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(10).ToListAsync(cancellationToken);
        PotentialHistory = await db.PotentialChanges.AsNoTracking().Where(c => c.CustomerId == customer.Id).OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(10).ToListAsync(cancellationToken);
        ReorderLists = await db.ReorderLists.AsNoTracking().Where(l => l.CustomerId == customer.Id).OrderByDescending(l => l.UpdatedAt).Take(10)
            .Select(l => new ReorderListRow(l.Id, l.Name, db.Users.Where(u => u.Id == l.OwnerUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "–", l.IsPrivate, l.Lines.Count, l.UpdatedAt))
            .ToListAsync(cancellationToken);
        Tasks = await db.CareTasks.AsNoTracking().Where(x => x.CustomerId == customer.Id && x.Status == CareTaskStatus.Open).OrderBy(x => x.DueOn)
            .Select(x => new OpenTask(x.Id, x.Kind, x.DueOn, db.Users.Where(u => u.Id == x.AssignedUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "–"))
            .ToListAsync(cancellationToken);

        // The last 12 months for the totals, and twelve whole business months up to this one for the trend
        // (which starts a few days later than the year): net revenue of the orders not cancelled.
        var since = time.GetUtcNow().AddYears(-1);
        var today = Dates.BusinessToday(time);
        var firstMonth = Dates.MonthOf(today).AddMonths(-11);
        var from = Dates.StartOfBusinessDay(firstMonth);
        var lastYear = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customer.Id && o.PlacedAt > (since < from ? since : from) && o.Status != OrderStatus.Cancelled)
            .Select(o => new { o.PlacedAt, o.Channel, o.SubtotalNet }).ToListAsync(cancellationToken);
        var byMonth = lastYear.Where(o => o.PlacedAt >= from).GroupBy(o => Dates.BusinessMonth(o.PlacedAt))
            .ToDictionary(g => g.Key, g => (Revenue: g.Sum(o => o.SubtotalNet), Orders: g.Count()));
        RevenueByMonth = Enumerable.Range(0, 12).Select(i => firstMonth.AddMonths(i))
            .Select(m => byMonth.TryGetValue(m, out var v) ? new MonthRevenue(m, v.Revenue, v.Orders) : new MonthRevenue(m, 0, 0)).ToList();
        lastYear = lastYear.Where(o => o.PlacedAt > since).ToList();
        OrdersLast12Months = lastYear.Count;
        SelfServiceOrdersLast12Months = lastYear.Count(o => o.Channel.IsSelfService());
        RevenueLast12Months = lastYear.Sum(o => o.SubtotalNet);

        // The timeline: orders, touches, escalations, mails, class and potential changes, newest first.
        var touches = (await db.Touches.AsNoTracking().Where(x => x.CustomerId == customer.Id).OrderByDescending(x => x.At).Take(30)
            .Select(x => new TimelineEntry(x.At, x.Kind.ToString(), x.Note ?? "", db.Users.Where(u => u.Id == x.UserId).Select(u => u.DisplayName).FirstOrDefault()))
            .ToListAsync(cancellationToken))
            .Select(x => x with { Text = TouchNotes.Display(x.Text, t) })
            .ToList();
        var escalations = await db.Escalations.AsNoTracking().Where(e => e.CustomerId == customer.Id).OrderByDescending(e => e.CreatedAt).Take(30)
            .Select(e => new TimelineEntry(e.CreatedAt, "Escalation", e.Reason, null)).ToListAsync(cancellationToken);
        var emails = People.Select(p => p.Email.ToUpperInvariant()).ToList();
        var mails = await db.OutboxMessages.AsNoTracking().Where(m => emails.Contains(m.To.ToUpper())).OrderByDescending(m => m.CreatedAt).Take(30)
            .Select(m => new TimelineEntry(m.CreatedAt, "Mail", m.Subject, m.To)).ToListAsync(cancellationToken);
        var orders = Orders.Select(o => new TimelineEntry(o.PlacedAt, "Order", $"{o.Number} · {t[o.Channel.DisplayName()]} · {Money.Format(o.TotalGross)}", null));
        var classes = SegmentHistory.Select(c => new TimelineEntry(c.At, "Class", $"{c.FromSegment?.ToString() ?? "–"} → {c.ToSegment}: {SegmentationReasons.Display(c.Reason, t)}", c.ChangedBy));
        var potentialChanges = PotentialHistory.Select(p => new TimelineEntry(p.At, "Potential", $"{Amount(p.From)} → {Amount(p.To)}: {p.Reason}", p.ChangedBy));
        Timeline = touches.Concat(escalations).Concat(mails).Concat(orders).Concat(classes).Concat(potentialChanges).OrderByDescending(e => e.At).Take(40).ToList();
        return true;
    }

    public string Amount(decimal? value) => value is { } v ? Money.Format(v) : t["unknown"].Value;

    public static string TimelineKind(string kind) => kind switch
    {
        "EscalationHandled" => "Escalation handled",
        "ManualOrderEdit" => "Manual order edit",
        "OrderOnBehalf" => "Order on behalf",
        "Class" => "Class changed",
        "Potential" => "Potential changed",
        _ => kind,
    };
}

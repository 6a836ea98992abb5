using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Customers;
using Portal.Data;
using Portal.Ordering;
using Portal.Sales;

namespace Portal.Areas.Sales.Pages.Customers;

/// Customer 360°: the company, its people, what is open, what it ordered and how, and every manual touch, with
/// calls, visits and notes logged right here (they are the cost to serve).
public sealed class DetailsModel(PortalDbContext db, TimeProvider time, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    public TouchInput Touch { get; set; } = new();

    public Customer Customer { get; private set; } = null!;
    public string? RepName { get; private set; }
    public IReadOnlyList<Person> People { get; private set; } = [];
    public IReadOnlyList<OpenEscalation> Escalations { get; private set; } = [];
    public IReadOnlyList<RecentOrder> Orders { get; private set; } = [];
    public IReadOnlyList<TimelineEntry> Timeline { get; private set; } = [];
    public decimal RevenueLast12Months { get; private set; }
    public int OrdersLast12Months { get; private set; }
    public int SelfServiceOrdersLast12Months { get; private set; }

    public sealed record Person(string Name, string Email, bool IsActive);
    public sealed record OpenEscalation(int Id, EscalationType Type, string Reason, DateTimeOffset DueAt);
    public sealed record RecentOrder(string Number, DateTimeOffset PlacedAt, OrderChannel Channel, OrderStatus Status, decimal TotalGross);
    public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Text, string? Who);

    public sealed class TouchInput
    {
        public TouchKind Kind { get; set; } = TouchKind.Call;

        [Required(ErrorMessage = "Please write what was discussed.")]
        [StringLength(2000, ErrorMessage = "At most 2,000 characters.")]
        public string? Note { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostTouchAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (Touch.Kind is not (TouchKind.Call or TouchKind.Visit or TouchKind.Note))
        {
            ModelState.AddModelError("Touch.Kind", t["Please choose call, visit or note."]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        db.Touches.Add(new Touch
        {
            CustomerId = Customer.Id,
            Kind = Touch.Kind,
            At = time.GetUtcNow(),
            UserId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value,
            Note = Touch.Note!.Trim(),
        });
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = t["Logged."].Value;
        return RedirectToPage(new { number = Number });
    }

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
            .Select(u => new Person(u.DisplayName, u.Email!, u.IsActive)).ToListAsync(cancellationToken);
        Escalations = await db.Escalations.AsNoTracking().Where(e => e.CustomerId == customer.Id && e.Status == EscalationStatus.Open)
            .OrderBy(e => e.DueAt).Select(e => new OpenEscalation(e.Id, e.Type, e.Reason, e.DueAt)).ToListAsync(cancellationToken);
        Orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customer.Id).OrderByDescending(o => o.PlacedAt).Take(10)
            .Select(o => new RecentOrder(o.Number, o.PlacedAt, o.Channel, o.Status, o.TotalGross)).ToListAsync(cancellationToken);

        var since = time.GetUtcNow().AddYears(-1);
        var lastYear = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customer.Id && o.PlacedAt > since && o.Status != OrderStatus.Cancelled)
            .Select(o => new { o.Channel, o.SubtotalNet }).ToListAsync(cancellationToken);
        OrdersLast12Months = lastYear.Count;
        SelfServiceOrdersLast12Months = lastYear.Count(o => o.Channel.IsSelfService());
        RevenueLast12Months = lastYear.Sum(o => o.SubtotalNet);

        // The timeline: orders, touches, escalations and mails, newest first, the last 30 of each.
        var touches = await db.Touches.AsNoTracking().Where(x => x.CustomerId == customer.Id).OrderByDescending(x => x.At).Take(30)
            .Select(x => new TimelineEntry(x.At, x.Kind.ToString(), x.Note ?? "", db.Users.Where(u => u.Id == x.UserId).Select(u => u.DisplayName).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        var escalations = await db.Escalations.AsNoTracking().Where(e => e.CustomerId == customer.Id).OrderByDescending(e => e.CreatedAt).Take(30)
            .Select(e => new TimelineEntry(e.CreatedAt, "Escalation", e.Reason, null)).ToListAsync(cancellationToken);
        var emails = People.Select(p => p.Email.ToUpperInvariant()).ToList();
        var mails = await db.OutboxMessages.AsNoTracking().Where(m => emails.Contains(m.To.ToUpper())).OrderByDescending(m => m.CreatedAt).Take(30)
            .Select(m => new TimelineEntry(m.CreatedAt, "Mail", m.Subject, m.To)).ToListAsync(cancellationToken);
        var orders = Orders.Select(o => new TimelineEntry(o.PlacedAt, "Order", $"{o.Number} · {o.Channel.DisplayName()} · {o.TotalGross:0.00} EUR", null));
        Timeline = touches.Concat(escalations).Concat(mails).Concat(orders).OrderByDescending(e => e.At).Take(40).ToList();
        return true;
    }
}

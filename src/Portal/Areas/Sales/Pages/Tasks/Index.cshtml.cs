using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Identity;
using Portal.Localization;
using Portal.Sales;
using Portal.Web;

namespace Portal.Areas.Sales.Pages.Tasks;

/// My tasks: the signed-in rep's care plan, soonest first with the overdue marked; each one completed with what
/// came of it (a call or visit is recorded as that touch) or moved to a later day.
public sealed class IndexModel(PortalDbContext db, CarePlan carePlan, TimeProvider time, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "show")]
    public string Show { get; set; } = "open";

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public Paged<Row> Tasks { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);
    public DateOnly Today { get; private set; }
    public int OverdueCount { get; private set; }

    /// The task whose form came back with an error, with what was typed.
    public long? FailedTaskId { get; private set; }
    public string? FailedMessage { get; private set; }
    public string? TypedOutcome { get; private set; }
    public string? TypedUntil { get; private set; }

    public bool ShowDone => Show == "done";

    public sealed record Row(long Id, string CustomerNumber, string CustomerName, CareTaskKind Kind, DateOnly DueOn, string Reason, int Snoozes, CareTaskStatus Status, string? Outcome, DateTimeOffset? ClosedAt);

    private string UserId => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCompleteAsync(long id, string? outcome, CancellationToken cancellationToken)
    {
        var name = User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity?.Name ?? "staff";
        var error = await carePlan.CompleteAsync(id, UserId, name, outcome, cancellationToken);
        if (error is not null)
        {
            (FailedTaskId, FailedMessage, TypedOutcome) = (id, t[error].Value, outcome);
            await LoadAsync(cancellationToken);
            return Page();
        }

        TempData["Notice"] = t["The task is done and recorded on the customer."].Value;
        return RedirectToPage(new { p = PageNumber });
    }

    public async Task<IActionResult> OnPostSnoozeAsync(long id, string? until, CancellationToken cancellationToken)
    {
        DateOnly? day = DateOnly.TryParseExact(until, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed) ? parsed : null;
        var error = string.IsNullOrWhiteSpace(until) || day is not null
            ? await carePlan.SnoozeAsync(id, UserId, day, cancellationToken)
            : "Please choose a date.";
        if (error is not null)
        {
            (FailedTaskId, FailedMessage, TypedUntil) = (id, t[error].Value, until);
            await LoadAsync(cancellationToken);
            return Page();
        }

        TempData["Notice"] = t["The task is moved to {0}.", Dates.Format(day!.Value)].Value;
        return RedirectToPage(new { p = PageNumber });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Today = Dates.BusinessToday(time);
        var mine = db.CareTasks.AsNoTracking().Where(x => x.AssignedUserId == UserId);
        var query = ShowDone
            ? mine.Where(x => x.Status != CareTaskStatus.Open).OrderByDescending(x => x.ClosedAt).ThenByDescending(x => x.Id)
            : mine.Where(x => x.Status == CareTaskStatus.Open).OrderBy(x => x.DueOn).ThenBy(x => x.Id);
        Tasks = await query
            .Select(x => new Row(x.Id, x.Customer!.Number, x.Customer.Name, x.Kind, x.DueOn, x.Reason, x.Snoozes, x.Status, x.Outcome, x.ClosedAt))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
        var today = Today;
        OverdueCount = await mine.CountAsync(x => x.Status == CareTaskStatus.Open && x.DueOn < today, cancellationToken);
    }
}

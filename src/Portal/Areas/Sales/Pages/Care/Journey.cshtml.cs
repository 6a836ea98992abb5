using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Care.Journeys;
using Portal.Data;
using Portal.Identity;
using Portal.Web;

namespace Portal.Areas.Sales.Pages.Care;

/// One journey: its steps (waits and mail texts editable), its figures, and who is in which step (paged), each
/// customer taken out by hand if need be.
public sealed class JourneyModel(PortalDbContext db, JourneyEditor editor, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IndexModel.JourneyFigures Figures { get; private set; } = null!;
    public IReadOnlyList<JourneyStep> Steps { get; private set; } = [];
    public Paged<Member> Members { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);
    public DateTimeOffset? UpdatedAt { get; private set; }
    public string? UpdatedBy { get; private set; }

    /// The step whose form came back with an error, with what was typed.
    public int? FailedStepId { get; private set; }
    public string? FailedMessage { get; private set; }
    public JourneyEditor.StepInput? Typed { get; private set; }

    public sealed record Member(long Id, string Number, string Name, int CurrentStep, DateTimeOffset StartedAt, DateTimeOffset NextDueAt, JourneyEnrolmentStatus Status, string? EndedBy);

    private string UserName => User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity?.Name ?? "staff";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostStepAsync(int stepId, int? waitDays, string? subjectEn, string? bodyEn, string? subjectDe, string? bodyDe, CancellationToken cancellationToken)
    {
        var input = new JourneyEditor.StepInput(waitDays, subjectEn, bodyEn, subjectDe, bodyDe);
        var error = ModelState.ContainsKey(nameof(waitDays)) && ModelState[nameof(waitDays)]!.Errors.Count > 0
            ? "The wait must be between 1 and 365 days."
            : await editor.UpdateStepAsync(Id, stepId, input, UserName, cancellationToken);
        if (error is not null)
        {
            (FailedStepId, FailedMessage, Typed) = (stepId, t[error].Value, input);
            return await LoadAsync(cancellationToken) ? Page() : NotFound();
        }

        TempData["Notice"] = t["The step is saved."].Value;
        return RedirectToPage(new { Id });
    }

    public async Task<IActionResult> OnPostTakeOutAsync(long enrolmentId, CancellationToken cancellationToken)
    {
        var taken = await editor.TakeOutAsync(Id, enrolmentId, UserName, cancellationToken);
        if (Request.IsHtmx())
        {
            var member = await MembersOf(db.JourneyEnrolments.AsNoTracking().Where(e => e.Id == enrolmentId && e.JourneyId == Id)).SingleOrDefaultAsync(cancellationToken);
            if (member is null)
            {
                return NotFound();
            }

            Steps = await db.JourneySteps.AsNoTracking().Where(s => s.JourneyId == Id).OrderBy(s => s.Position).ToListAsync(cancellationToken);
            return Partial("_MemberRow", (member, Steps.Count, Id));
        }

        TempData["Notice"] = taken ? t["The customer is taken out of the journey."].Value : t["The customer is no longer in this journey."].Value;
        return RedirectToPage(new { Id, p = PageNumber });
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var journey = await db.Journeys.AsNoTracking().Where(j => j.Id == Id).Select(j => new { j.UpdatedAt, j.UpdatedBy }).SingleOrDefaultAsync(cancellationToken);
        if (journey is null)
        {
            return false;
        }

        (UpdatedAt, UpdatedBy) = (journey.UpdatedAt, journey.UpdatedBy);
        Figures = (await IndexModel.LoadAsync(db, Id, cancellationToken)).Single();
        Steps = await db.JourneySteps.AsNoTracking().Where(s => s.JourneyId == Id).OrderBy(s => s.Position).ToListAsync(cancellationToken);
        Members = await MembersOf(db.JourneyEnrolments.AsNoTracking().Where(e => e.JourneyId == Id && e.Status == JourneyEnrolmentStatus.Active)
                .OrderBy(e => e.CurrentStep).ThenBy(e => e.Customer!.Number))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
        return true;
    }

    private static IQueryable<Member> MembersOf(IQueryable<JourneyEnrolment> enrolments) =>
        enrolments.Select(e => new Member(e.Id, e.Customer!.Number, e.Customer.Name, e.CurrentStep, e.StartedAt, e.NextDueAt, e.Status, e.EndedBy));
}

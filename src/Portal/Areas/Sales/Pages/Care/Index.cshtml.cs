using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Care.Journeys;
using Portal.Data;
using Portal.Identity;

namespace Portal.Areas.Sales.Pages.Care;

/// Automated care, Journeys tab: every journey with its switch and its figures (entered, in progress per step,
/// converted, tasks created).
public sealed class IndexModel(PortalDbContext db, JourneyEditor editor) : PageModel
{
    public IReadOnlyList<JourneyFigures> Journeys { get; private set; } = [];

    public sealed record JourneyFigures(int Id, string Name, JourneyTriggers Triggers, JourneyGoal Goal, bool IsEnabled, int Steps,
        int Entered, IReadOnlyDictionary<int, int> InProgressByStep, int Converted, int TasksCreated)
    {
        public int InProgress => InProgressByStep.Values.Sum();
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Journeys = await LoadAsync(db, null, cancellationToken);

    public async Task<IActionResult> OnPostToggleAsync(int id, bool enabled, CancellationToken cancellationToken)
    {
        if (!await editor.SetEnabledAsync(id, enabled, User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity?.Name ?? "staff", cancellationToken))
        {
            return NotFound();
        }

        if (Request.IsHtmx())
        {
            return Partial("_JourneyRow", (await LoadAsync(db, id, cancellationToken)).Single());
        }

        return RedirectToPage();
    }

    /// The figures of every journey (or one), in four grouped queries.
    public static async Task<IReadOnlyList<JourneyFigures>> LoadAsync(PortalDbContext db, int? only, CancellationToken cancellationToken)
    {
        var journeys = await db.Journeys.AsNoTracking().Where(j => only == null || j.Id == only).OrderBy(j => j.Id)
            .Select(j => new { j.Id, j.Name, j.Triggers, j.Goal, j.IsEnabled, Steps = j.Steps.Count }).ToListAsync(cancellationToken);
        var enrolments = db.JourneyEnrolments.AsNoTracking().Where(e => only == null || e.JourneyId == only);
        var byStatus = await enrolments.GroupBy(e => new { e.JourneyId, e.Status }).Select(g => new { g.Key.JourneyId, g.Key.Status, Count = g.Count() }).ToListAsync(cancellationToken);
        var byStep = await enrolments.Where(e => e.Status == JourneyEnrolmentStatus.Active).GroupBy(e => new { e.JourneyId, e.CurrentStep })
            .Select(g => new { g.Key.JourneyId, g.Key.CurrentStep, Count = g.Count() }).ToListAsync(cancellationToken);
        var tasks = await db.CareTasks.AsNoTracking().Where(t => t.JourneyEnrolmentId != null)
            .Join(enrolments, t => t.JourneyEnrolmentId, e => e.Id, (t, e) => e.JourneyId)
            .GroupBy(j => j).Select(g => new { JourneyId = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return journeys.Select(j => new JourneyFigures(j.Id, j.Name, j.Triggers, j.Goal, j.IsEnabled, j.Steps,
            byStatus.Where(s => s.JourneyId == j.Id).Sum(s => s.Count),
            byStep.Where(s => s.JourneyId == j.Id).ToDictionary(s => s.CurrentStep, s => s.Count),
            byStatus.Where(s => s.JourneyId == j.Id && s.Status == JourneyEnrolmentStatus.Converted).Sum(s => s.Count),
            tasks.Where(t => t.JourneyId == j.Id).Sum(t => t.Count))).ToList();
    }
}

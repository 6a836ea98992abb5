using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Identity;
using Portal.Localization;
using Portal.Segmentation;

namespace Portal.Areas.Admin.Pages.Segmentation;

/// The segmentation's settings (every number of the model, with the threshold's derivation) and "recompute now",
/// whose progress any instance can show because it lives in the run's row.
public sealed class IndexModel(PortalDbContext db, SegmentationSettingsStore settingsStore, SegmentationRuns runs, TimeProvider time, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public SegmentationSettings Input { get; set; } = new();

    public SegmentationRun? Run { get; private set; }
    public IReadOnlyList<SegmentationRun> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Input = await settingsStore.LoadAsync(cancellationToken);
        await LoadRunsAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            foreach (var problem in Input.Validate())
            {
                ModelState.AddModelError("", t[problem]);
            }
        }

        if (!ModelState.IsValid)
        {
            await LoadRunsAsync(cancellationToken);
            return Page();
        }

        await settingsStore.SaveAsync(Input, User.Identity?.Name, cancellationToken);
        TempData["Notice"] = t["The segmentation settings are saved. They apply from the next run."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRecomputeAsync(CancellationToken cancellationToken)
    {
        var queued = await runs.StartAsync(SegmentationTrigger.Manual, SegmentationRunStatus.Queued, Dates.BusinessToday(time), null, User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity?.Name, cancellationToken);
        if (queued is null)
        {
            TempData["Error"] = t["A run is already queued or running."].Value;
        }

        if (Request.IsHtmx())
        {
            await LoadRunsAsync(cancellationToken);
            return Partial("_Run", this);
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnGetRunAsync(CancellationToken cancellationToken)
    {
        await LoadRunsAsync(cancellationToken);
        return Partial("_Run", this);
    }

    private async Task LoadRunsAsync(CancellationToken cancellationToken)
    {
        Recent = await db.SegmentationRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(10).ToListAsync(cancellationToken);
        Run = Recent.FirstOrDefault(r => r.ActiveKey != null) ?? Recent.FirstOrDefault();
    }
}

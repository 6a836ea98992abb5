using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Identity;
using Portal.Sales;

namespace Portal.Areas.Sales.Pages.Escalations;

/// One escalation: claim it, comment, resolve it (approve or reject the held order, or note how a call settled it).
public sealed class DetailsModel(PortalDbContext db, EscalationDesk desk, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public EscalationOutcome Outcome { get; set; }

    public Escalation Escalation { get; private set; } = null!;
    public string CustomerName { get; private set; } = "";
    public string CustomerNumber { get; private set; } = "";
    public string? Error { get; private set; }

    private string UserId => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
    public bool IsMine => Escalation.ClaimedByUserId == UserId;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostClaimAsync(CancellationToken cancellationToken)
    {
        var result = await desk.ClaimAsync(Id, UserId, cancellationToken);
        if (result is EscalationDesk.ClaimResult.Claimed or EscalationDesk.ClaimResult.AlreadyYours)
        {
            TempData["Notice"] = t["The escalation is yours."].Value;
            return RedirectToPage(new { id = Id });
        }

        Error = result == EscalationDesk.ClaimResult.TakenByAnother
            ? t["A colleague claimed this escalation a moment before you."]
            : t["This escalation is already closed."];
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostCommentAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(Text) || Text.Length > 2000)
        {
            Error = t["Please write a comment of at most 2,000 characters."];
            return Page();
        }

        await desk.CommentAsync(Id, UserId, User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity!.Name!, Text, cancellationToken);
        return RedirectToPage(new { id = Id });
    }

    public async Task<IActionResult> OnPostResolveAsync(CancellationToken cancellationToken)
    {
        var problem = Text is { Length: > 1000 } ? "At most 1,000 characters." : await desk.ResolveAsync(Id, UserId, Outcome, Text, cancellationToken);
        if (problem is null)
        {
            TempData["Notice"] = t["Resolved: {0}.", t[EscalationText.OutcomeName(Outcome)]].Value;
            return LocalRedirect("/sales");
        }

        Error = t[problem];
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var escalation = await db.Escalations.AsNoTracking()
            .Include(e => e.Order).ThenInclude(o => o!.Lines)
            .Include(e => e.ClaimedBy)
            .Include(e => e.Comments.OrderBy(c => c.At))
            .SingleOrDefaultAsync(e => e.Id == Id, cancellationToken);
        if (escalation is null)
        {
            return false;
        }

        Escalation = escalation;
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == escalation.CustomerId).Select(c => new { c.Name, c.Number }).SingleAsync(cancellationToken);
        (CustomerName, CustomerNumber) = (customer.Name, customer.Number);
        return true;
    }
}

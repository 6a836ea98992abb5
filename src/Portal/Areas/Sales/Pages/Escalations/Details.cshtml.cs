using Portal.Catalogs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Identity;
using Portal.Sales;

namespace Portal.Areas.Sales.Pages.Escalations;

/// One escalation: claim it, comment, resolve it (approve or reject the held order, or note how a call settled it).
public sealed class DetailsModel(PortalDbContext db, EscalationDesk desk, OrderEdits edits, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public EscalationOutcome Outcome { get; set; }

    /// The edit form: every line of the order as the clerk left it, and the reason the customer reads.
    [BindProperty]
    public List<EditLine> Lines { get; set; } = [];

    [BindProperty]
    public string? EditReason { get; set; }

    public sealed class EditLine
    {
        public int Id { get; set; }
        public string? Quantity { get; set; }
        public string? UnitPrice { get; set; }
    }

    public Escalation Escalation { get; private set; } = null!;
    public string? RaisedBy { get; private set; }
    public string? ProductName { get; private set; }

    /// The quote a quote request asks for, written at /sales/quotes/{number}.
    public string? QuoteNumber { get; private set; }
    public string? EditError { get; private set; }
    public bool CanEditOrder => IsMine && Escalation.Status == EscalationStatus.Open && Escalation.Order is { } order && OrderEdits.CanEdit(order);
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
            return RedirectToPage("/Index", new { area = "Sales" });
        }

        Error = t[problem];
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostEditAsync(CancellationToken cancellationToken)
    {
        var changes = new List<OrderEdits.LineChange>();
        foreach (var line in Lines)
        {
            var quantity = int.TryParse(line.Quantity, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var q) ? q : (int?)null;
            var price = OrderEdits.ParsePrice(line.UnitPrice, System.Globalization.CultureInfo.CurrentCulture);
            if (quantity is null || price is null)
            {
                EditError = t["Please enter a whole quantity and a price for every line (0 removes a line)."];
                return await LoadAsync(cancellationToken, keepInput: true) ? Page() : NotFound();
            }

            changes.Add(new OrderEdits.LineChange(line.Id, quantity.Value, price.Value));
        }

        var problem = EditReason is { Length: > 1000 } ? "At most 1,000 characters." : await edits.EditAsync(Id, UserId, changes, EditReason, cancellationToken);
        if (problem is null)
        {
            TempData["Notice"] = t["Resolved: {0}.", t[EscalationText.OutcomeName(EscalationOutcome.Edited)]].Value;
            return RedirectToPage("/Index", new { area = "Sales" });
        }

        EditError = t[problem];
        return await LoadAsync(cancellationToken, keepInput: true) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken, bool keepInput = false)
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
        RaisedBy = escalation.RaisedByUserId is null ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == escalation.RaisedByUserId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        QuoteNumber = escalation.Type != EscalationType.QuoteRequest ? null
            : await db.Quotes.AsNoTracking().Where(q => q.EscalationId == escalation.Id).Select(q => q.Number).FirstOrDefaultAsync(cancellationToken);
        ProductName = escalation.ProductId is null ? null
            : await db.Products.AsNoTracking().Where(p => p.Id == escalation.ProductId).Select(p => ContentLanguage.Pick(p.Name, p.NameDe)).SingleOrDefaultAsync(cancellationToken);
        if (!keepInput && escalation.Order is { } order)
        {
            Lines = order.Lines.Where(l => l.BundleLineNumber is null).OrderBy(l => l.LineNumber)
                .Select(l => new EditLine { Id = l.Id, Quantity = l.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), UnitPrice = l.UnitPrice.ToString("0.00", System.Globalization.CultureInfo.CurrentCulture) })
                .ToList();
        }

        return true;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Identity;
using Portal.Purchasing;
using Portal.Web;

namespace Portal.Areas.Shop.Pages.Approvals;

/// The company admin's approvals: colleagues' orders above their order limit or beyond their budget, to approve
/// or to reject with a reason. Only the admin's own company; another company's order answers 404.
[Authorize(Policy = Policies.CompanyAdmin)]
public sealed class IndexModel(PortalDbContext db, OrderApprovals approvals, IStringLocalizer<SharedResource> t) : PageModel
{
    private const int RecentlyDecided = 10;

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public Paged<Row> Pending { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);
    public IReadOnlyList<Row> Decided { get; private set; } = [];

    /// The order whose rejection was refused (no reason), with the message.
    public string? RejectErrorFor { get; private set; }
    public string? RejectError { get; private set; }

    public sealed record Row(
        string Number,
        string Buyer,
        DateTimeOffset RequestedAt,
        decimal SubtotalNet,
        decimal SurchargeNet,
        decimal DeliveryNet,
        decimal DropShipNet,
        int Lines,
        bool OverOrderLimit,
        decimal? OrderLimit,
        bool BeyondBudget,
        decimal? BudgetLeft,
        ApprovalStatus Status,
        string? DecidedBy,
        DateTimeOffset? DecidedAt,
        string? RejectionReason)
    {
        public decimal TotalNet => SubtotalNet + SurchargeNet + DeliveryNet + DropShipNet;
    }

    private int CustomerId => User.CustomerId()!.Value;
    private string UserId => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostApproveAsync(string number, CancellationToken cancellationToken) =>
        await AnswerAsync(number, await approvals.ApproveAsync(CustomerId, number, UserId, cancellationToken), t["Order {0} is approved and placed.", number], cancellationToken);

    public async Task<IActionResult> OnPostRejectAsync(string number, string? reason, CancellationToken cancellationToken) =>
        await AnswerAsync(number, await approvals.RejectAsync(CustomerId, number, UserId, reason, cancellationToken), t["Order {0} is rejected; the buyer gets a mail with your reason.", number], cancellationToken);

    private async Task<IActionResult> AnswerAsync(string number, OrderApprovals.Outcome outcome, string done, CancellationToken cancellationToken)
    {
        switch (outcome)
        {
            case OrderApprovals.Outcome.NotFound:
                return NotFound();
            case OrderApprovals.Outcome.ReasonMissing:
                RejectErrorFor = number;
                RejectError = t["Please tell the buyer why you reject the order."];
                await LoadAsync(cancellationToken);
                return Page();
            case OrderApprovals.Outcome.AlreadyDecided:
                TempData["Error"] = t["Order {0} has already been decided.", number].Value;
                break;
            default:
                TempData["Notice"] = done;
                break;
        }

        return RedirectToPage(new { p = PageNumber });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var customerId = CustomerId;
        var all = db.OrderApprovals.AsNoTracking().Where(a => a.CustomerId == customerId && a.Order!.CustomerId == customerId);
        Pending = await Rows(all.Where(a => a.Status == ApprovalStatus.Pending).OrderBy(a => a.RequestedAt).ThenBy(a => a.Id))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
        Decided = await Rows(all.Where(a => a.Status != ApprovalStatus.Pending).OrderByDescending(a => a.DecidedAt).ThenByDescending(a => a.Id))
            .Take(RecentlyDecided).ToListAsync(cancellationToken);
    }

    private IQueryable<Row> Rows(IQueryable<OrderApproval> approvals) => approvals.Select(a => new Row(
        a.Order!.Number,
        db.Users.Where(u => u.Id == a.RequestedByUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
        a.RequestedAt,
        a.Order.SubtotalNet,
        a.Order.SurchargeNet,
        a.Order.DeliveryNet,
        a.Order.DropShipNet,
        a.Order.Lines.Count(l => l.BundleLineNumber == null),
        a.OverOrderLimit,
        a.OrderLimit,
        a.BeyondBudget,
        a.BudgetLeft,
        a.Status,
        db.Users.Where(u => u.Id == a.DecidedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
        a.DecidedAt,
        a.RejectionReason));
}

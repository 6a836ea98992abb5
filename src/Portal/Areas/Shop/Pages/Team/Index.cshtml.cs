using System.ComponentModel.DataAnnotations;
using Htmx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Identity;
using Portal.Web;

namespace Portal.Areas.Shop.Pages.Team;

/// A CustomerAdmin's colleagues: who can order for the company, inviting one more, and switching one off.
/// Every query is scoped to the signed-in user's company claim; ids from the form only pick within it.
[Authorize(Policy = Policies.CompanyAdmin)]
public sealed class IndexModel(
    PortalDbContext db,
    UserManager<PortalUser> users,
    Invitations invitations,
    UserSessions sessions,
    Portal.Purchasing.PurchasingLimits limits,
    TimeProvider time,
    IStringLocalizer<SharedResource> t,
    ILogger<IndexModel> logger) : PageModel
{
    // Open invitations expire within days, so the list stays short; the cap guards the page all the same.
    private const int MaxListedInvitations = 50;

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public InviteInput Input { get; set; } = new();

    public Paged<Member> Members { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);
    public IReadOnlyList<PendingInvitation> OpenInvitations { get; private set; } = [];

    public sealed record Member(string Id, string Name, string Email, bool IsAdmin, bool IsActive, bool IsSelf, decimal? OrderLimit = null, decimal? MonthlyBudget = null);

    /// A buyer's limits as the form shows them: what was typed when it was refused, with the message.
    public sealed record LimitRow(Member Member, string OrderLimit, string MonthlyBudget, string? Error);

    public IReadOnlyList<LimitRow> LimitRows { get; private set; } = [];

    public sealed record PendingInvitation(int Id, string Email, DateTimeOffset ExpiresAt);

    public sealed class InviteInput
    {
        [Required(ErrorMessage = "Please enter an e-mail address.")]
        [EmailAddress(ErrorMessage = "Please enter a valid e-mail address.")]
        [StringLength(256)]
        public string Email { get; set; } = "";

        [Required]
        [RegularExpression("^(en|de)$")]
        public string Language { get; set; } = "de";
    }

    private int CustomerId => User.CustomerId()!.Value;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Input.Language = await db.Customers.Where(c => c.Id == CustomerId).Select(c => c.Language).SingleAsync(cancellationToken);
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var inviterName = User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity?.Name ?? "";
            await invitations.InviteAsync(CustomerId, users.GetUserId(User)!, inviterName, Input.Email, Input.Language, cancellationToken);
            logger.LogInformation("Customer {CustomerId} invited a colleague", CustomerId);
            TempData["Notice"] = t["Invitation sent to {0}.", Input.Email.Trim()].Value;
            return RedirectToPage(new { p = PageNumber });
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostDeactivateAsync(string userId, CancellationToken cancellationToken) => SetActiveAsync(userId, false, cancellationToken);

    public Task<IActionResult> OnPostReactivateAsync(string userId, CancellationToken cancellationToken) => SetActiveAsync(userId, true, cancellationToken);

    public async Task<IActionResult> OnPostSignOutEverywhereAsync(string userId, CancellationToken cancellationToken)
    {
        var member = await UsersOfCompany().Where(u => u.Id == userId).Select(u => new { u.Id, u.DisplayName }).SingleOrDefaultAsync(cancellationToken);
        if (member is null)
        {
            return NotFound();
        }

        await sessions.EndAllAsync(member.Id, cancellationToken);
        logger.LogInformation("Customer {CustomerId}: user {UserId} signed out everywhere by a company admin", CustomerId, member.Id);
        TempData["Notice"] = t["{0} is signed out on every device.", member.DisplayName].Value;
        return RedirectToPage(new { p = PageNumber });
    }

    public async Task<IActionResult> OnPostRevokeAsync(int invitationId, CancellationToken cancellationToken)
    {
        if (!await invitations.RevokeAsync(CustomerId, invitationId, cancellationToken))
        {
            return NotFound();
        }

        TempData["Notice"] = t["The invitation was withdrawn."].Value;
        return RedirectToPage(new { p = PageNumber });
    }

    /// A buyer's order limit and monthly budget (net; empty for none), typed in either language's number format.
    public async Task<IActionResult> OnPostLimitsAsync(string userId, decimal? orderLimit, decimal? monthlyBudget, CancellationToken cancellationToken)
    {
        var error = ModelState.Where(e => e.Key is "orderLimit" or "monthlyBudget").SelectMany(e => e.Value!.Errors).Select(e => e.ErrorMessage).FirstOrDefault()
            ?? Portal.Purchasing.PurchasingRules.WhyNotValid(orderLimit) ?? Portal.Purchasing.PurchasingRules.WhyNotValid(monthlyBudget);
        if (error is not null)
        {
            await LoadAsync(cancellationToken, (userId, Request.Form["orderLimit"].ToString(), Request.Form["monthlyBudget"].ToString(), t[error]));
            return Page();
        }

        if (!await limits.SetAsync(CustomerId, userId, orderLimit, monthlyBudget, cancellationToken))
        {
            return NotFound();
        }

        var name = await UsersOfCompany().Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
        logger.LogInformation("Customer {CustomerId}: limits of user {UserId} set by a company admin", CustomerId, userId);
        TempData["Notice"] = t["The limits of {0} are saved.", name].Value;
        return RedirectToPage(new { p = PageNumber });
    }

    private async Task<IActionResult> SetActiveAsync(string userId, bool active, CancellationToken cancellationToken)
    {
        var member = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.CustomerId == CustomerId, cancellationToken);
        if (member is null)
        {
            return NotFound();
        }

        // Switching oneself off would leave the company without the admin who could switch it back on.
        if (member.Id == users.GetUserId(User))
        {
            return BadRequest();
        }

        member.IsActive = active;
        var result = await users.UpdateSecurityStampAsync(member);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }

        if (!active)
        {
            // Every open session of the colleague ends now, on every instance within seconds (see UserSessions).
            await sessions.EndAllAsync(member.Id, cancellationToken);
        }

        logger.LogInformation("Customer {CustomerId}: user {UserId} {Change}", CustomerId, member.Id, active ? "reactivated" : "deactivated");
        var notice = (active ? t["{0} can sign in again.", member.DisplayName] : t["{0} can no longer sign in; their sessions have ended.", member.DisplayName]).Value;
        if (Request.IsHtmx())
        {
            var row = await AsMembers(UsersOfCompany().Where(u => u.Id == member.Id)).SingleAsync(cancellationToken);
            return Partial("_MemberChanged", (row, notice));
        }

        TempData["Notice"] = notice;
        return RedirectToPage(new { p = PageNumber });
    }

    private static string Amount(decimal? value) => value is { } v ? v.ToString("0.00", System.Globalization.CultureInfo.CurrentCulture) : "";

    private IQueryable<PortalUser> UsersOfCompany()
    {
        var customerId = CustomerId;
        return db.Users.AsNoTracking().Where(u => u.CustomerId == customerId);
    }

    private IQueryable<Member> AsMembers(IQueryable<PortalUser> query)
    {
        var me = users.GetUserId(User);
        var adminRoleIds = db.Roles.Where(r => r.Name == Roles.CustomerAdmin).Select(r => r.Id);
        return query.Select(u => new Member(
            u.Id,
            u.DisplayName,
            u.Email ?? "",
            db.UserRoles.Any(r => r.UserId == u.Id && adminRoleIds.Contains(r.RoleId)),
            u.IsActive,
            u.Id == me,
            u.OrderLimit,
            u.MonthlyBudget));
    }

    private async Task LoadAsync(CancellationToken cancellationToken, (string UserId, string OrderLimit, string MonthlyBudget, string Error)? refused = null)
    {
        Members = await AsMembers(UsersOfCompany().OrderByDescending(u => u.IsActive).ThenBy(u => u.DisplayName).ThenBy(u => u.Id))
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
        LimitRows = Members.Items.Where(m => !m.IsAdmin && m.IsActive)
            .Select(m => refused is { } r && r.UserId == m.Id
                ? new LimitRow(m, r.OrderLimit, r.MonthlyBudget, r.Error)
                : new LimitRow(m, Amount(m.OrderLimit), Amount(m.MonthlyBudget), null))
            .ToList();
        var now = time.GetUtcNow();
        OpenInvitations = await db.Invitations.AsNoTracking()
            .Where(i => i.CustomerId == CustomerId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt)
            .Take(MaxListedInvitations)
            .Select(i => new PendingInvitation(i.Id, i.Email, i.ExpiresAt))
            .ToListAsync(cancellationToken);
    }
}

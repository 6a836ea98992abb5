using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Identity;
using Portal.Web;

namespace Portal.Areas.Admin.Pages.Staff;

/// Staff users: who works in the portal, adding a colleague, switching an account off and on, sending a reset link,
/// signing an account out everywhere. Also the admin area's start page (/admin).
public sealed class IndexModel(PortalDbContext db, StaffAccounts staff, UserManager<PortalUser> users, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public NewStaffUser Input { get; set; } = new();

    public Paged<Row> Staff { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    public sealed record Row(string Id, string Email, string Name, string Roles, bool IsActive, DateTimeOffset CreatedAt, bool IsSelf);

    public sealed class NewStaffUser
    {
        [Required(ErrorMessage = "Please enter an e-mail address.")]
        [EmailAddress(ErrorMessage = "Please enter a valid e-mail address.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Please enter a name.")]
        [StringLength(200)]
        public string Name { get; set; } = "";

        [Required]
        public string Role { get; set; } = Identity.Roles.InsideSales;

        [Required(ErrorMessage = "Please enter an initial password.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await staff.CreateAsync(Input.Email, Input.Name, Input.Role, Input.Password);
            if (result.Succeeded)
            {
                TempData["Notice"] = t["{0} can now sign in as {1}.", Input.Email, t[Identity.Roles.DisplayName(Input.Role)]].Value;
                return RedirectToPage();
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Password", StringComparison.Ordinal) ? "Input.Password" : "Input.Email", error.Description);
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeactivateAsync(string userId, CancellationToken cancellationToken) =>
        await OutcomeAsync(await staff.SetActiveAsync(userId, false, users.GetUserId(User), cancellationToken), "{0} can no longer sign in; their sessions have ended.", userId, cancellationToken);

    public async Task<IActionResult> OnPostReactivateAsync(string userId, CancellationToken cancellationToken) =>
        await OutcomeAsync(await staff.SetActiveAsync(userId, true, users.GetUserId(User), cancellationToken), "{0} can sign in again.", userId, cancellationToken);

    public async Task<IActionResult> OnPostSendResetAsync(string userId, CancellationToken cancellationToken) =>
        await OutcomeAsync(await staff.SendPasswordResetAsync(userId, cancellationToken), "A password reset link is on its way to {0}.", userId, cancellationToken);

    public async Task<IActionResult> OnPostSignOutEverywhereAsync(string userId, CancellationToken cancellationToken) =>
        await OutcomeAsync(await staff.SignOutEverywhereAsync(userId, cancellationToken), "{0} is signed out on every device.", userId, cancellationToken);

    private async Task<IActionResult> OutcomeAsync(StaffChange change, string notice, string userId, CancellationToken cancellationToken)
    {
        switch (change)
        {
            case StaffChange.NotFound:
                return NotFound();
            case StaffChange.Self:
                TempData["Error"] = t["You cannot deactivate your own account: ask another administrator."].Value;
                break;
            case StaffChange.Inactive:
                TempData["Error"] = t["A deactivated account gets no reset link; reactivate it first."].Value;
                break;
            default:
                var email = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).SingleAsync(cancellationToken);
                TempData["Notice"] = t[notice, email ?? ""].Value;
                break;
        }

        return RedirectToPage(new { p = PageNumber });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var page = await db.Users.AsNoTracking()
            .Where(u => u.CustomerId == null)
            .OrderBy(u => u.Email)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.IsActive, u.CreatedAt })
            .ToPagedAsync(PageNumber, cancellationToken: cancellationToken);
        var ids = page.Items.Select(u => u.Id).ToList();
        var roles = await (
                from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                where ids.Contains(userRole.UserId)
                select new { userRole.UserId, role.Name })
            .ToListAsync(cancellationToken);
        var me = users.GetUserId(User);
        Staff = new Paged<Row>(
            page.Items.Select(u => new Row(u.Id, u.Email!, u.DisplayName, string.Join(", ", roles.Where(r => r.UserId == u.Id).Select(r => t[Identity.Roles.DisplayName(r.Name!)].Value)), u.IsActive, u.CreatedAt, u.Id == me)).ToList(),
            page.Page,
            page.PageSize,
            page.TotalCount);
    }
}

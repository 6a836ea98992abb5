using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity;

namespace Portal.Pages.Account;

public sealed class LogoutModel(SignInManager<PortalUser> signIn, UserManager<PortalUser> users, UserSessions sessions, ILogger<LogoutModel> logger) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return RedirectToPage("/Account/Login");
    }

    public async Task<IActionResult> OnPostEverywhereAsync(CancellationToken cancellationToken)
    {
        if (users.GetUserId(User) is { } userId)
        {
            var ended = await sessions.EndAllAsync(userId, cancellationToken);
            logger.LogInformation("User {UserId} signed out everywhere ({Sessions} sessions)", userId, ended);
        }

        await signIn.SignOutAsync();
        return RedirectToPage("/Account/Login");
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity;

namespace Portal.Pages;

/// The front door: buyers go to their shop, staff to their console, everyone else to sign in.
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(User.StartPage(Url)) : RedirectToPage("/Account/Login");
}

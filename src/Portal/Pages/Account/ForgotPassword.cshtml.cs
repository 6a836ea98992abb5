using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Identity;

namespace Portal.Pages.Account;

/// Sends a reset link. The answer is the same whether or not the address has an account, so the form cannot be
/// used to find out who is a customer; the rate limit keeps it from being used to flood a mailbox.
[EnableRateLimiting("login")]
public sealed class ForgotPasswordModel(UserManager<PortalUser> users, PasswordResets resets, ILogger<ForgotPasswordModel> logger) : PageModel
{
    public const string ResetPath = PasswordResets.ResetPath;

    [BindProperty]
    public ForgotPasswordInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public bool Sent { get; set; }

    public sealed class ForgotPasswordInput
    {
        [Required(ErrorMessage = "Please enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Please enter a valid e-mail address.")]
        [Display(Name = "E-mail")]
        public string Email { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is not null && await resets.SendAsync(user, cancellationToken))
        {
            logger.LogInformation("Password reset link sent to user {UserId}", user.Id);
        }
        else
        {
            logger.LogInformation("Password reset asked for an address without an active account");
        }

        return RedirectToPage(new { sent = true });
    }
}

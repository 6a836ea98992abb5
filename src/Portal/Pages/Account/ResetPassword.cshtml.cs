using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using Portal.Identity;

namespace Portal.Pages.Account;

/// The page behind the link in the reset mail. The token is Identity's: it expires (Accounts:PasswordResetLinkLifetime)
/// and carries the security stamp, which the reset changes, so the link works once.
[EnableRateLimiting("login")]
public sealed class ResetPasswordModel(UserManager<PortalUser> users, IStringLocalizer<SharedResource> t, ILogger<ResetPasswordModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public ResetPasswordInput Input { get; set; } = new();

    public bool LinkIsValid { get; private set; }

    public sealed class ResetPasswordInput
    {
        [Required(ErrorMessage = "Please choose a new password.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Please repeat the new password.")]
        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "The two passwords do not match.")]
        [Display(Name = "Repeat new password")]
        public string ConfirmPassword { get; set; } = "";
    }

    public async Task OnGetAsync()
    {
        var (user, token) = await ReadLinkAsync();
        LinkIsValid = user is not null && await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<PortalUser>.ResetPasswordTokenPurpose, token!);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (user, token) = await ReadLinkAsync();
        if (user is null)
        {
            return Page();
        }

        LinkIsValid = true;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, token!, Input.Password);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == new IdentityErrorDescriber().InvalidToken().Code))
            {
                LinkIsValid = false;
                return Page();
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("Input.Password", error.Description);
            }

            return Page();
        }

        // Whoever holds the mailbox has proven it; a lockout from forgotten-password guessing ends here.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        logger.LogInformation("User {UserId} chose a new password through a reset link", user.Id);
        TempData["Notice"] = t["Your password has been changed. Please sign in with the new one."].Value;
        return RedirectToPage("/Account/Login");
    }

    private async Task<(PortalUser? User, string? Token)> ReadLinkAsync()
    {
        if (string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Token))
        {
            return (null, null);
        }

        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Token));
        }
        catch (FormatException)
        {
            return (null, null);
        }

        var user = await users.FindByIdAsync(UserId);
        return user is { IsActive: true } ? (user, token) : (null, null);
    }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Identity;

namespace Portal.Pages.Account;

[EnableRateLimiting("login")]
public sealed class LoginModel(PortalSignInManager signIn, IStringLocalizer<SharedResource> t, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Please enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Please enter a valid e-mail address.")]
        [Display(Name = "E-mail")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Please enter your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Stay signed in")]
        public bool RememberMe { get; set; }
    }

    public IActionResult OnGet()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(User.StartPage(Url));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var (result, user) = await signIn.SignInByEmailAsync(Input.Email, Input.Password, Input.RememberMe);
        switch (result)
        {
            case PasswordSignInResult.SignedIn:
                logger.LogInformation("User {UserId} signed in", user!.Id);
                var principal = await signIn.CreateUserPrincipalAsync(user);
                var target = !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) && ReturnUrl != "/" ? ReturnUrl : principal.StartPage(Url);
                return LocalRedirect(target);
            case PasswordSignInResult.LockedOut:
                logger.LogWarning("User {UserId} is locked out", user!.Id);
                ModelState.AddModelError(string.Empty, t["Too many failed attempts. Your account is locked for 15 minutes; try again later or reset your password."]);
                break;
            case PasswordSignInResult.Deactivated:
                ModelState.AddModelError(string.Empty, t["This account has been deactivated. Please ask your company's administrator."]);
                break;
            default:
                ModelState.AddModelError(string.Empty, t["The e-mail address or the password is not correct."]);
                break;
        }

        return Page();
    }
}

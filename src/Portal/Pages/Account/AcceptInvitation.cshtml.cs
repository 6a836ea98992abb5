using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Identity;

namespace Portal.Pages.Account;

/// The page behind the link in an invitation mail: the colleague picks a name and a password and joins the
/// company the invitation is for. Only the token comes from the browser; company and address come from the invitation.
[EnableRateLimiting("login")]
public sealed class AcceptInvitationModel(Invitations invitations, SignInManager<PortalUser> signIn, IStringLocalizer<SharedResource> t, ILogger<AcceptInvitationModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public AcceptInput Input { get; set; } = new();

    public InvitationState State { get; private set; } = InvitationState.Unknown;
    public OpenInvitation? Invitation { get; private set; }

    public sealed class AcceptInput
    {
        [Required(ErrorMessage = "Please enter your name.")]
        [StringLength(200)]
        [Display(Name = "Your name")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Please choose a password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Please repeat the password.")]
        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "The two passwords do not match.")]
        [Display(Name = "Repeat password")]
        public string ConfirmPassword { get; set; } = "";
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        (State, Invitation) = await invitations.FindAsync(Token, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        (State, Invitation) = await invitations.FindAsync(Token, cancellationToken);
        if (State != InvitationState.Valid || !ModelState.IsValid)
        {
            return Page();
        }

        var result = await invitations.AcceptAsync(Token!, Input.Name, Input.Password, cancellationToken);
        if (!result.Succeeded)
        {
            State = result.State;
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Password", StringComparison.Ordinal) ? "Input.Password" : string.Empty, error.Description);
            }

            return Page();
        }

        logger.LogInformation("User {UserId} joined customer {CustomerId} by invitation", result.User!.Id, result.User.CustomerId);
        await signIn.SignInAsync(result.User, isPersistent: false);
        TempData["Notice"] = t["Welcome! You can now order for {0}.", Invitation!.CompanyName].Value;
        return RedirectToPage("/Index", new { area = "Shop" });
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Portal.Localization;

namespace Portal.Web;

/// Every decimal a form binds (tax rates, pack contents, weights, costs, segmentation settings) is read by
/// NumberInput in the page's language instead of by the framework, whose parser takes "8,90" in English for 890.
/// A value it cannot read is refused with a message that shows how to write it.
public sealed class AmountModelBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (result == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);
        var text = result.FirstValue;
        if (string.IsNullOrWhiteSpace(text))
        {
            if (bindingContext.ModelMetadata.IsReferenceOrNullableType)
            {
                bindingContext.Result = ModelBindingResult.Success(null);
            }
            else
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, bindingContext.ModelMetadata.ModelBindingMessageProvider.ValueMustNotBeNullAccessor(text ?? ""));
            }

            return Task.CompletedTask;
        }

        var culture = CultureInfo.CurrentCulture;
        if (NumberInput.TryParseAmount(text, culture, out var value, allowNegative: true))
        {
            bindingContext.Result = ModelBindingResult.Success(value);
            return Task.CompletedTask;
        }

        var t = bindingContext.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var (small, large) = NumberInput.Examples(culture);
        bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, t["\"{0}\" is not a number. Please write it like {1} or {2}.", text, small, large]);
        return Task.CompletedTask;
    }
}

public sealed class AmountModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(decimal) ? new AmountModelBinder() : null;
}

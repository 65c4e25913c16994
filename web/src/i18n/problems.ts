import type { components } from '../api/schema';

/** Every code the API can answer with (from the committed OpenAPI document). */
export type ProblemCode = components['schemas']['ProblemDetails']['code'];

/** What each problem code says to the person, per language. Exhaustive: a new code fails the type check. */
export const PROBLEM_MESSAGES: Record<'nl' | 'fr' | 'en', Record<ProblemCode, string>> = {
  nl: {
    validation_failed:
      'Sommige velden zijn niet correct ingevuld. Controleer de aangeduide velden.',
    malformed_request: 'Uw verzoek kon niet worden gelezen. Probeer het opnieuw.',
    unauthenticated: 'Meld u aan om verder te gaan.',
    forbidden: 'U hebt geen toestemming voor deze actie.',
    not_found: 'Het gevraagde item bestaat niet of is niet meer beschikbaar.',
    route_not_found: 'Deze pagina of actie bestaat niet.',
    method_not_allowed: 'Deze actie is hier niet mogelijk.',
    conflict:
      'Deze actie botst met de huidige gegevens. Vernieuw de pagina en probeer het opnieuw.',
    invalid_transition: 'Deze stap is in de huidige fase niet mogelijk.',
    episode_already_open: 'Voor deze werknemer loopt al een re-integratietraject.',
    urgent_referral_pending:
      'Er staat een dringende doorverwijzing open die eerst door de arbeidsarts moet worden vrijgegeven.',
    red_flag_screen_required: 'Vul eerst de screening op rode vlaggen in.',
    care_team_review_pending:
      'Het zorgteam heeft de intake nog niet afgerond. U kunt verder zodra dat gebeurd is.',
    episode_closed: 'Dit re-integratietraject is afgesloten.',
    version_conflict:
      'Iemand anders heeft dit intussen gewijzigd. De actuele versie wordt nu getoond.',
    precondition_failed:
      'Iemand anders heeft dit intussen gewijzigd. De actuele versie wordt nu getoond.',
    payload_too_large: 'Het bestand of de gegevens zijn te groot om te verzenden.',
    unsupported_media_type: 'Dit bestandstype wordt niet ondersteund.',
    unprocessable:
      'Dit verzoek kan niet worden verwerkt. Controleer de gegevens en probeer het opnieuw.',
    clinical_text:
      'Beschrijf beperkingen in functionele termen, zoals kg, minuten, houdingen en taken, zonder medische termen.',
    idempotency_key_reused: 'Deze actie wordt al verwerkt. U hoeft ze niet opnieuw uit te voeren.',
    request_in_progress: 'Deze actie wordt al verwerkt. Een ogenblik geduld.',
    import_in_progress:
      'Een eerdere import voor deze werkgever is nog bezig. Upload het bestand opnieuw zodra die klaar is.',
    precondition_required: 'Laad het scherm opnieuw en probeer het daarna nog eens.',
    rate_limited:
      'U hebt te veel verzoeken kort na elkaar gedaan. Wacht even en probeer het opnieuw.',
    internal_error:
      'Er is een onverwachte fout opgetreden. Probeer het opnieuw en vermeld de getoonde referentie als u het probleem meldt.',
    service_unavailable: 'De dienst is tijdelijk niet beschikbaar. Probeer het later opnieuw.',
  },
  fr: {
    validation_failed:
      'Certains champs ne sont pas correctement remplis. Veuillez vérifier les champs indiqués.',
    malformed_request: 'Votre demande n’a pas pu être lue. Veuillez réessayer.',
    unauthenticated: 'Veuillez vous connecter pour continuer.',
    forbidden: 'Vous n’avez pas l’autorisation d’effectuer cette action.',
    not_found: 'L’élément demandé n’existe pas ou n’est plus disponible.',
    route_not_found: 'Cette page ou cette action n’existe pas.',
    method_not_allowed: 'Cette action n’est pas possible ici.',
    conflict:
      'Cette action est incompatible avec les données actuelles. Veuillez actualiser la page et réessayer.',
    invalid_transition: 'Cette étape n’est pas possible à ce stade.',
    episode_already_open: 'Un trajet de réintégration est déjà en cours pour ce travailleur.',
    urgent_referral_pending: 'Un renvoi urgent attend encore l’accord du médecin du travail.',
    red_flag_screen_required:
      'Veuillez d’abord compléter le dépistage des signaux d’alerte (drapeaux rouges).',
    care_team_review_pending:
      'L’équipe de soins n’a pas encore terminé l’évaluation initiale. Vous pourrez continuer dès qu’elle l’aura fait.',
    episode_closed: 'Ce trajet de réintégration est clôturé.',
    version_conflict:
      'Quelqu’un d’autre a modifié cet élément entre-temps. La version actuelle est maintenant affichée.',
    precondition_failed:
      'Quelqu’un d’autre a modifié cet élément entre-temps. La version actuelle est maintenant affichée.',
    payload_too_large: 'Le fichier ou les données envoyés sont trop volumineux.',
    unsupported_media_type: 'Ce type de fichier n’est pas pris en charge.',
    unprocessable:
      'Cette demande ne peut pas être traitée. Veuillez vérifier les données et réessayer.',
    clinical_text:
      'Veuillez décrire les limitations en termes fonctionnels, comme les kg, les minutes, les postures et les tâches, sans termes médicaux.',
    idempotency_key_reused:
      'Cette action est déjà en cours de traitement. Vous ne devez pas la refaire.',
    request_in_progress:
      'Cette action est déjà en cours de traitement. Veuillez patienter un instant.',
    import_in_progress:
      'Une importation précédente pour cet employeur n’est pas encore terminée. Veuillez renvoyer le fichier dès qu’elle le sera.',
    precondition_required: 'Veuillez recharger l’écran, puis réessayer.',
    rate_limited:
      'Vous avez envoyé trop de demandes en peu de temps. Veuillez patienter un instant avant de réessayer.',
    internal_error:
      'Une erreur inattendue s’est produite. Veuillez réessayer et mentionner la référence affichée si vous signalez le problème.',
    service_unavailable:
      'Le service est temporairement indisponible. Veuillez réessayer plus tard.',
  },
  en: {
    validation_failed:
      'Some fields are not filled in correctly. Please check the highlighted fields.',
    malformed_request: 'Your request could not be read. Please try again.',
    unauthenticated: 'Please sign in to continue.',
    forbidden: 'You do not have permission to do this.',
    not_found: 'The item you asked for does not exist or is no longer available.',
    route_not_found: 'This page or action does not exist.',
    method_not_allowed: 'This action is not possible here.',
    conflict:
      'This action clashes with the current information. Please refresh the page and try again.',
    invalid_transition: 'This step is not possible at this stage.',
    episode_already_open: 'This employee already has a return-to-work plan in progress.',
    urgent_referral_pending:
      'An urgent referral is awaiting clearance from the occupational doctor.',
    red_flag_screen_required: 'Please complete the red-flag screen first.',
    care_team_review_pending:
      'The care team has not finished the intake yet. You can continue once they have.',
    episode_closed: 'This return-to-work plan has been closed.',
    version_conflict:
      'Someone else has changed this in the meantime. The current version is now shown.',
    precondition_failed:
      'Someone else has changed this in the meantime. The current version is now shown.',
    payload_too_large: 'The file or information you sent is too large.',
    unsupported_media_type: 'This file type is not supported.',
    unprocessable: 'This request cannot be processed. Please check the information and try again.',
    clinical_text:
      'Please describe limitations in functional terms, such as kg, minutes, postures and tasks, without medical terms.',
    idempotency_key_reused:
      'This action is already being processed. There is no need to repeat it.',
    request_in_progress: 'This action is already being processed. Please wait a moment.',
    import_in_progress:
      'An earlier import for this employer has not finished yet. Please upload the file again once it has.',
    precondition_required: 'Please reload the screen and then try again.',
    rate_limited:
      'You have made too many requests in a short time. Please wait a moment and try again.',
    internal_error:
      'Something unexpected went wrong. Please try again, and quote the reference shown if you report the problem.',
    service_unavailable: 'The service is temporarily unavailable. Please try again later.',
  },
};

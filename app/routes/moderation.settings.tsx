import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { Field, type FieldControlProps } from "~/ui/field";
import {
  ANONYMOUS_RULES,
  MEMBER_RULES,
  NAMED_RULES,
  type PolicySettings,
} from "~/domain/moderation-policy";
import {
  parsePolicyForm,
  policyToForm,
  type PolicyFormValues,
} from "~/domain/policy-form";
import {
  getPolicySettings,
  savePolicySettings,
} from "~/features/moderation/policy.server";
import { readForm, withNotice } from "~/platform/http.server";
import { requireDesk } from "~/features/accounts/desk.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDesk(request, "editSettings");
  return { values: policyToForm(getPolicySettings()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireDesk(request, "editSettings");
  const fields = Object.fromEntries(await readForm(request));
  const parsed = parsePolicyForm(fields);
  if (!parsed.ok) {
    const values = Object.fromEntries(
      Object.keys(policyToForm(getPolicySettings())).map((key) => [
        key,
        String(fields[key] ?? ""),
      ]),
    ) as PolicyFormValues;
    return data({ errors: parsed.errors, values }, { status: 400 });
  }
  savePolicySettings(parsed.settings, new Date(), actor);
  return redirect(
    withNotice(
      "/moderation/settings",
      "Settings saved: they apply to the next comment.",
    ),
  );
}

type Errors = Partial<Record<keyof PolicySettings, string>>;

export default function Settings() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? loaded.values;
  const errors: Errors = result?.errors ?? {};
  const field = (
    name: keyof PolicySettings,
    label: string,
    hint: string,
    input: (props: SettingProps) => ReactNode,
  ) => (
    <Field
      id={`setting-${name}`}
      label={label}
      hint={hint}
      error={errors[name]}
      control={(props) => input({ ...props, name, defaultValue: values[name] })}
    />
  );
  const number = (props: SettingProps) => (
    <input {...props} inputMode="numeric" />
  );
  const choice = (options: readonly string[]) => (props: SettingProps) => (
    <select {...props}>
      {options.map((option) => (
        <option key={option} value={option}>
          {option}
        </option>
      ))}
    </select>
  );
  const words = (props: SettingProps) => <textarea {...props} rows={3} />;
  const toggle = ({ defaultValue, ...props }: SettingProps) => (
    <input
      {...props}
      type="checkbox"
      value="true"
      defaultChecked={defaultValue === "true"}
    />
  );
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Moderation settings</h2>
      {result ? (
        <p className="form-message invalid" role="alert">
          Nothing was saved: please correct the fields marked below.
        </p>
      ) : null}
      <Form method="post" className="comment-form settings-form">
        <fieldset>
          <legend>Who is published straight away</legend>
          {field(
            "anonymous",
            "Anonymous comments",
            "hold: a moderator checks them; reject: the poster must give a name.",
            choice(ANONYMOUS_RULES),
          )}
          {field(
            "named",
            "Named guests",
            "hold-first: held until one of the guest's comments is approved.",
            choice(NAMED_RULES),
          )}
          {field(
            "member",
            "Members",
            "Verified residents and staff are always published.",
            choice(MEMBER_RULES),
          )}
        </fieldset>
        <fieldset>
          <legend>What holds or refuses a comment</legend>
          {field(
            "holdAtLinks",
            "Links that hold a comment",
            "A comment with this many links or more is held; 0 turns this off.",
            number,
          )}
          {field(
            "heldWords",
            "Held words",
            "One word or phrase a line: a comment containing one is held.",
            words,
          )}
          {field(
            "blockedWords",
            "Blocked words",
            "One word or phrase a line: a comment containing one is refused.",
            words,
          )}
          {field(
            "floodLimit",
            "Comments allowed in the flood window",
            "More than this from one poster are refused.",
            number,
          )}
          {field(
            "floodWindowSeconds",
            "Flood window (seconds)",
            "The period the limit above counts over.",
            number,
          )}
          {field(
            "duplicateWindowMinutes",
            "Repeat window (minutes)",
            "The same text from the same poster within this time is refused.",
            number,
          )}
          {field(
            "minLength",
            "Shortest comment (characters)",
            "At least 1.",
            number,
          )}
          {field(
            "maxLength",
            "Longest comment (characters)",
            "At most 20,000.",
            number,
          )}
        </fieldset>
        <fieldset>
          <legend>Safety</legend>
          {field(
            "holdPersonalDetails",
            "Hold personal details",
            "A comment with a street address, a postcode with a house number, a vehicle registration, a phone number or an email address is held: it may identify a person or a home.",
            toggle,
          )}
          {field(
            "allowCrimeReferences",
            "Allow crime reference numbers",
            "Numbers after crime ref, police reference or incident are not taken for phone numbers.",
            toggle,
          )}
          {field(
            "nowPhrases",
            "Phrases that read as happening now",
            "One phrase a line: a comment containing one prompts its poster to call 999 if it is happening now.",
            words,
          )}
          {field(
            "observationTags",
            "Tags of sightings and suspicious-activity posts",
            "One tag a line: these posts' comment forms ask for what people did, not what they look like.",
            words,
          )}
          {field(
            "appearanceWords",
            "Words that describe how someone looks",
            "One a line: on those posts, a comment about a person with these words and no behaviour word is held.",
            words,
          )}
          {field(
            "behaviourWords",
            "Words that describe what someone did",
            "One a line: one of these in the comment lets a description of how someone looks through.",
            words,
          )}
        </fieldset>
        <fieldset>
          <legend>Threads and posts</legend>
          {field(
            "closeAfterDays",
            "Close comments after (days)",
            "Posts older than this take no new comments; 0 never closes.",
            number,
          )}
          {field(
            "maxDepth",
            "Deepest reply nesting",
            "Replies deeper than this continue at this depth.",
            number,
          )}
          {field(
            "reportThreshold",
            "Reports that send a comment back",
            "Distinct readers' reports that return a published comment to the queue.",
            number,
          )}
          {field(
            "editWindowMinutes",
            "Time to edit a comment (minutes)",
            "Its author may change it for this long after posting; 0 allows no edits. Deleting is always allowed.",
            number,
          )}
        </fieldset>
        <fieldset>
          <legend>Spam score and pile-on brake</legend>
          {field(
            "spamMinDecisions",
            "Decisions before the spam score acts",
            "Approvals and spam rejections the score must learn from before it holds anything.",
            number,
          )}
          {field(
            "spamThresholdPercent",
            "Spam score that holds (percent)",
            "A comment scoring this or more waits for a moderator; it is never refused. 0 turns the score off.",
            number,
          )}
          {field(
            "pileOnPosters",
            "Posters that engage the brake",
            "More distinct posters than this on one post within the window hold guests' comments; 0 turns it off.",
            number,
          )}
          {field(
            "pileOnReports",
            "Reports on one comment that engage the brake",
            "This many reports on one comment within the window hold guests' comments on its post; 0 turns it off.",
            number,
          )}
          {field(
            "pileOnWindowMinutes",
            "Brake window (minutes)",
            "How far back both counts look.",
            number,
          )}
          {field(
            "pileOnHoldMinutes",
            "Brake hold (minutes)",
            "How long guests' comments stay held after a rush.",
            number,
          )}
        </fieldset>
        <button type="submit">Save settings</button>
      </Form>
    </section>
  );
}

/** A setting's control: tied to its label by Field, named and filled in by the form. */
type SettingProps = FieldControlProps & { name: string; defaultValue: string };

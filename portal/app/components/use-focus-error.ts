import { useEffect, useRef } from 'react'

/**
 * After a refused submission (with JavaScript on), move the keyboard focus to the first field in
 * error, so keyboard and screen-reader users land on what needs fixing. Without JavaScript the
 * page reloads and the errors are read in order anyway.
 */
export function useFocusFirstError(refusal: unknown) {
  const formRef = useRef<HTMLFormElement>(null)
  useEffect(() => {
    if (refusal) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [refusal])
  return formRef
}

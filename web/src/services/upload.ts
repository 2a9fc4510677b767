import { ApiProblem } from './problem';

/**
 * PUTs a file to the presigned URL the API handed out, with the headers it named, reporting progress in percent.
 * `what` names the file in the zh-CN problem when the PUT fails (凭证, 文件 …).
 */
export function putFile(
  url: string,
  headers: Record<string, string>,
  file: File,
  onProgress: (percent: number) => void,
  what = '文件',
): Promise<void> {
  return new Promise<void>((ok, fail) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [k, v] of Object.entries(headers)) {
      // The browser sets Content-Length itself, from the file.
      if (k.toLowerCase() !== 'content-length') xhr.setRequestHeader(k, v);
    }
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      if (xhr.status >= 300) return fail(new ApiProblem(xhr.status, `${what}上传失败（${xhr.status}）`));
      onProgress(100);
      ok();
    };
    xhr.onerror = () => fail(new ApiProblem(0, `${what}上传失败，请检查网络后重试`));
    xhr.send(file);
  });
}
